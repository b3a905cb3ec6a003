package io.sparkify.ingest.cli;

import io.sparkify.cli.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * Entry point of the lake commands, from the launcher ({@code ./sparkify ingest ...}) and from
 * spark-submit on YARN ({@code spark-submit --class io.sparkify.ingest.cli.IngestMain
 * sparkify-ingest-job.jar ingest ...}). Each command returns only when its Spark work is done.
 */
@Command(name = "sparkify",
        description = "Stream the topic into the lake's Delta tables, compact and vacuum them, query them with Spark SQL.",
        mixinStandardHelpOptions = true,
        subcommands = {IngestCommand.class, CompactCommand.class, VacuumCommand.class, ConvertLakeCommand.class,
                SqlCommand.class, HelpCommand.class})
public final class IngestMain {

    public static void main(String[] args) {
        CommandRunner.main(new IngestMain(), args);
    }
}
