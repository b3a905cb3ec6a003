package io.sparkify.producer.cli;

import io.sparkify.cli.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** Entry point of the producer jar: {@code java -jar sparkify-producer.jar <command> ...}. */
@Command(name = "sparkify",
        description = "Validate, replay and read back the Sparkify event log.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {ValidateCommand.class, ProduceCommand.class, ConsumeCommand.class, HelpCommand.class})
public final class ProducerMain {

    public static void main(String[] args) {
        // produce/consume print their summary from a shutdown hook's grace period: keep logging alive until then.
        System.setProperty("log4j.shutdownHookEnabled", "false");
        CommandRunner.main(new ProducerMain(), args);
    }
}
