package io.sparkify.churn.cli;

import io.sparkify.cli.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * Entry point of churn-batch, from {@code ./sparkify <command>} or {@code spark-submit ... <command>}: the
 * command name comes first. Add a command by adding its class to {@code subcommands}.
 */
@Command(name = "sparkify",
        description = "Churn models: train and register, list versions, score active users.",
        mixinStandardHelpOptions = true,
        subcommands = {
            TrainCommand.class,
            ModelsCommand.class,
            ScoreCommand.class,
            io.sparkify.churn.report.ReportCommand.class,
            HelpCommand.class,
        })
public final class ChurnMain {

    public static void main(String[] args) {
        CommandRunner.main(new ChurnMain(), args);
    }
}
