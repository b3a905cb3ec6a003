package io.sparkify.ingest.cli;

import io.sparkify.cli.ExitCodes;
import io.sparkify.ingest.maintenance.LakeConversion;
import io.sparkify.lake.LakeLayout;
import io.sparkify.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify convert-lake}: the previous release's parquet lake into Delta tables, in place. */
@Command(name = "convert-lake",
        description = {"Convert a lake written by the previous release (parquet files listed by Spark's _spark_metadata "
                + "sink log) into Delta tables in place, with Delta's CONVERT TO DELTA: the files the sink log lists "
                + "become version 0, files it does not list (killed batches) are left out. No data file is rewritten. "
                + "Stop the ingest first; its checkpoint stays valid. Tables that are Delta already are left alone.",
                "Exit codes: 0 done, 1 failed, 2 bad usage."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class ConvertLakeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lake", paramLabel = "URI", description = "Lake root. Default: conf lake.uri.")
    String lake;

    @Option(names = "--master", description = "Spark master when run from the launcher. Default: conf spark.master.")
    String master;

    @Override
    public Integer call() {
        LakeLayout layout = new LakeLayout(LakeUris.qualify(lake));
        PrintWriter out = spec.commandLine().getOut();
        for (LakeConversion.Result r : new LakeConversion(SparkSessions.create("sparkify-convert-lake", master))
                .convert(layout)) {
            out.printf("convert-lake %s: %s (%d files)%n", r.table(), r.action(), r.files());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
