package io.sparkify.demo;

import io.sparkify.cli.CommandRunner;
import io.sparkify.demo.cli.DemoCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** Entry point of {@code ./sparkify demo}: the launcher passes the command name first. */
@Command(name = "sparkify",
        description = "The whole pipeline on this machine in one JVM.",
        mixinStandardHelpOptions = true,
        subcommands = {DemoCommand.class, HelpCommand.class})
public final class DemoMain {

    public static void main(String[] args) {
        CommandRunner.main(new DemoMain(), args);
    }
}
