package io.sparkify.config;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Prints every setting of a job as the job itself resolves it, for deploy.sh: one line per key,
 * {@code key TAB env-var TAB source TAB value}, the source being {@code flag}, {@code env},
 * {@code file} or {@code default}. Arguments: the job's command name, then its arguments as they
 * will be passed to it (a key's {@link ConfigKey#flag()} among them wins, in {@code --flag VALUE}
 * or {@code --flag=VALUE} form, the last one when repeated).
 *
 * <p>So scripts read the one definition (ConfigKey, {@link SparkifyConfig}'s precedence) instead
 * of parsing properties files themselves. Exit code 2 when the conf file is missing or names an
 * unknown key, as the job would fail.
 */
public final class SettingsMain {

    private SettingsMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: SettingsMain <command> [command arguments...]");
            return 2;
        }
        String command = args[0];
        List<String> jobArgs = List.of(args).subList(1, args.length);
        SparkifyConfig config;
        Properties file = new Properties();
        try {
            config = SparkifyConfig.load(env);
            Optional<Path> source = config.source();
            if (source.isPresent()) {
                try (Reader r = Files.newBufferedReader(source.get(), StandardCharsets.UTF_8)) {
                    file.load(r);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: configuration: " + e.getMessage());
            return 2;
        }
        for (ConfigKey k : ConfigKey.values()) {
            Optional<String> flag = k.appliesTo(command) ? flagValue(jobArgs, k.flag()) : Optional.empty();
            String source;
            String value;
            if (flag.isPresent()) {
                source = "flag";
                value = flag.get();
            } else {
                value = config.get(k);
                source = env.containsKey(k.envVar()) ? "env" : file.containsKey(k.key()) ? "file" : "default";
            }
            out.println(k.key() + '\t' + k.envVar() + '\t' + source + '\t' + value.replace('\n', ' '));
        }
        out.flush();
        return 0;
    }

    /** The value of {@code --name VALUE} or {@code --name=VALUE} among the arguments; the last one wins. */
    static Optional<String> flagValue(List<String> args, String name) {
        Optional<String> found = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(name) && i + 1 < args.size()) {
                found = Optional.of(args.get(++i));
            } else if (a.startsWith(name + "=")) {
                found = Optional.of(a.substring(name.length() + 1));
            }
        }
        return found.map(String::trim);
    }
}
