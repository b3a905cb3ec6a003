package io.sparkify.producer.cli;

import io.sparkify.cli.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** Entry point of the producer jar: {@code java -jar sparkify-producer.jar <command> ...}. */
@Command(name = "sparkify",
        description = "Validate, replay and read back the Sparkify event log.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {ValidateCommand.class, HelpCommand.class})
public final class ProducerMain {

    public static void main(String[] args) {
        CommandRunner.main(new ProducerMain(), args);
    }
}
