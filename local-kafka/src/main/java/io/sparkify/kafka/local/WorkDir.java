package io.sparkify.kafka.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The project's work directory, resolved like every other command does it (common-runtime's
 * SparkifyConfig, key {@code work.dir}): environment {@code SPARKIFY_WORK_DIR}, else the conf
 * file ({@code SPARKIFY_CONF}, else {@code $SPARKIFY_HOME/conf/sparkify.properties}), else
 * {@code work}. Read here rather than through SparkifyConfig because this module cannot depend
 * on common-runtime: common-runtime's tests use this module through test-support, and Maven refuses
 * the cycle.
 */
final class WorkDir {

    static final String ENV = "SPARKIFY_WORK_DIR";
    static final String KEY = "work.dir";
    static final String DEFAULT = "work";

    private WorkDir() {
    }

    /**
     * @throws IllegalArgumentException when {@code SPARKIFY_CONF} names a missing or unreadable file
     */
    static Path resolve(Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.trim());
        }
        String explicit = env.get("SPARKIFY_CONF");
        Path conf;
        if (explicit != null && !explicit.isBlank()) {
            conf = Path.of(explicit);
            if (!Files.isRegularFile(conf)) {
                throw new IllegalArgumentException("SPARKIFY_CONF=" + explicit + ": no such file");
            }
        } else {
            conf = Path.of(env.getOrDefault("SPARKIFY_HOME", "."), "conf", "sparkify.properties");
            if (!Files.isRegularFile(conf)) {
                return Path.of(DEFAULT);
            }
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException(conf + ": " + e.getMessage(), e);
        }
        String v = p.getProperty(KEY);
        return Path.of(v == null || v.isBlank() ? DEFAULT : v.trim());
    }
}
