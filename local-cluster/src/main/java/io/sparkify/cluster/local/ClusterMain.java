package io.sparkify.cluster.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** Entry point of {@code ./sparkify cluster}: the launcher passes the command name first. */
@Command(name = "sparkify",
        description = "Run a one-host HDFS + YARN + Kafka cluster.",
        mixinStandardHelpOptions = true,
        subcommands = {ClusterCommand.class, HelpCommand.class})
public final class ClusterMain {

    public static void main(String[] args) {
        // Keep logging alive while our own shutdown hook stops the cluster (log4j2 would stop first).
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ClusterMain());
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            line.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("sparkify.debug")) {
                ex.printStackTrace(line.getErr());
            }
            return ClusterCommand.EXIT_FAILURE;
        });
        return cl;
    }
}
