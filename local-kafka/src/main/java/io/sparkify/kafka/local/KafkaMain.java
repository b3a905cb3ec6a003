package io.sparkify.kafka.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * Entry point of {@code ./sparkify kafka}: the launcher passes the command name first, so this is
 * a picocli root whose one subcommand is {@link KafkaCommand}.
 *
 * <p>Plain picocli, not common-runtime's CommandRunner: common-runtime's tests use this module
 * (through test-support), so it cannot depend on common-runtime.
 */
@Command(name = "sparkify",
        description = "Run a local single-node Kafka broker.",
        mixinStandardHelpOptions = true,
        subcommands = {KafkaCommand.class, HelpCommand.class})
public final class KafkaMain {

    public static void main(String[] args) {
        // Keep logging alive while our own shutdown hook stops the broker (log4j2 would stop first).
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KafkaMain());
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            line.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("sparkify.debug")) {
                ex.printStackTrace(line.getErr());
            }
            return KafkaCommand.EXIT_FAILURE;
        });
        return cl;
    }
}
