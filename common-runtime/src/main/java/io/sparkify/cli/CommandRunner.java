package io.sparkify.cli;

import io.sparkify.config.ConfigDefaultProvider;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.error.InvalidInputException;
import io.sparkify.error.LockedException;
import io.sparkify.error.ServiceUnavailableException;
import io.sparkify.error.SparkifyException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a picocli command the way every Sparkify main does: configuration loaded once from
 * the conf file and environment and used for option defaults, usage errors mapped to
 * {@link ExitCodes#USAGE}, exceptions printed as one line naming the cause and mapped to their
 * exit code by {@link #exitCode(Throwable)}, the one place that knows which failure is which code.
 */
public final class CommandRunner {

    private CommandRunner() {
    }

    /** Builds the command line with defaults from {@code config}; tests call this directly. */
    public static CommandLine commandLine(Object command, SparkifyConfig config) {
        CommandLine cl = new CommandLine(command);
        cl.setDefaultValueProvider(new ConfigDefaultProvider(config));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            err.println(line.getColorScheme().errorText("error: " + describe(ex)));
            if (Boolean.getBoolean("sparkify.debug")) {
                ex.printStackTrace(err);
            }
            return exitCode(ex);
        });
        return cl;
    }

    /**
     * The exit code of a command that threw {@code ex}: services throw the domain exceptions of
     * {@code io.sparkify.error}, and this is where each one becomes its code (README, "Exit codes").
     * Anything else, {@link io.sparkify.error.OperationFailedException} included, is a failure.
     */
    public static int exitCode(Throwable ex) {
        if (ex instanceof InvalidInputException) {
            return ExitCodes.USAGE;
        }
        if (ex instanceof ServiceUnavailableException) {
            return ExitCodes.UNAVAILABLE;
        }
        if (ex instanceof LockedException) {
            return ExitCodes.LOCKED;
        }
        return ExitCodes.FAILURE;
    }

    /** Parses, runs and exits the JVM with the command's exit code. */
    public static void main(Object command, String[] args) {
        SparkifyConfig config;
        try {
            config = SparkifyConfig.load(System.getenv());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("error: configuration: " + e.getMessage());
            System.exit(ExitCodes.USAGE);
            return;
        }
        int code = commandLine(command, config).execute(args);
        if (inYarnClusterMode()) {
            YarnClusterExit.finish(code);
            return;
        }
        System.exit(code);
    }

    private static boolean inYarnClusterMode() {
        String master = System.getProperty("spark.master", "");
        return master.startsWith("yarn") && "cluster".equals(System.getProperty("spark.submit.deployMode"));
    }

    private static String describe(Throwable ex) {
        String msg = ex.getMessage();
        if (ex instanceof SparkifyException || msg != null && !(ex instanceof NullPointerException)) {
            return msg;
        }
        return ex.toString();
    }
}
