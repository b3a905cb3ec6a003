package io.sparkify.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The application configuration, resolved once at start-up and immutable afterwards.
 * Precedence, highest first: command-line flag (applied by picocli through
 * {@link ConfigDefaultProvider}), environment variable ({@link ConfigKey#envVar()}), the conf
 * file, the built-in default.
 */
public final class SparkifyConfig {

    /** Environment variable naming the conf file; else {@code $SPARKIFY_HOME/conf/sparkify.properties}. */
    public static final String CONF_FILE_ENV = "SPARKIFY_CONF";
    public static final String HOME_ENV = "SPARKIFY_HOME";

    private final Map<ConfigKey, String> values;
    private final Optional<Path> source;

    private SparkifyConfig(Map<ConfigKey, String> values, Optional<Path> source) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.source = source;
    }

    /** Built-in defaults only. */
    public static SparkifyConfig defaults() {
        return resolve(new Properties(), Map.of(), Optional.empty());
    }

    /**
     * Loads the conf file named by {@code SPARKIFY_CONF}, else {@code conf/sparkify.properties}
     * under {@code SPARKIFY_HOME} (set by the launcher) or the working directory, when it exists,
     * then applies environment overrides.
     */
    public static SparkifyConfig load(Map<String, String> env) throws IOException {
        Optional<Path> file = locate(env);
        Properties props = new Properties();
        if (file.isPresent()) {
            try (Reader r = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
                props.load(r);
            }
        }
        return resolve(props, env, file);
    }

    /** Resolves explicit properties and environment against the defaults (tests, embedding). */
    public static SparkifyConfig resolve(Properties props, Map<String, String> env, Optional<Path> source) {
        for (String name : props.stringPropertyNames()) {
            if (ConfigKey.forKey(name).isEmpty()) {
                throw new IllegalArgumentException(source.map(Path::toString).orElse("configuration")
                        + ": unknown key '" + name + "' (known keys are listed in conf/sparkify.properties)");
            }
        }
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.envVar());
            if (v == null) {
                v = props.getProperty(k.key());
            }
            values.put(k, v == null ? k.defaultValue() : v.trim());
        }
        if (values.get(ConfigKey.TRAIN_INPUT).isEmpty()) {
            // Scheduled retraining reads what the ingest wrote: the lake (EventSource finds its events/).
            values.put(ConfigKey.TRAIN_INPUT, values.get(ConfigKey.LAKE_URI));
        }
        return new SparkifyConfig(values, source);
    }

    private static Optional<Path> locate(Map<String, String> env) throws IOException {
        String explicit = env.get(CONF_FILE_ENV);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) {
                throw new IOException(CONF_FILE_ENV + "=" + explicit + ": no such file");
            }
            return Optional.of(p);
        }
        String home = env.getOrDefault(HOME_ENV, ".");
        Path p = Path.of(home, "conf", "sparkify.properties");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    public String get(ConfigKey key) {
        return values.get(key);
    }

    /** The conf file the values came from, if any. */
    public Optional<Path> source() {
        return source;
    }
}
