package io.sparkify.churn.report;

import io.sparkify.churn.registry.JsonFiles;
import io.sparkify.cli.ExitCodes;
import io.sparkify.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify report}: the exploration and model report as one self-contained HTML file. */
@Command(name = "report",
        description = {"Render the exploration report (users who churned vs stayed) and, when the model registry "
                + "holds a model, the model section, as one self-contained HTML file that needs no network.",
                "Exit codes: 0 written, 1 failure, 2 usage (input or --models not found)."},
        mixinStandardHelpOptions = true)
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "URI",
            description = "A JSON-lines log (.json, .json.gz) or the lake (its root or <lake>/events), any Hadoop URI.")
    String input;

    @Option(names = "--models", paramLabel = "URI",
            description = "The model registry (default: models.uri of the configuration). Given explicitly it must "
                    + "hold a model; the default is used only when it does.")
    String models;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML file to write (any Hadoop URI).")
    String out;

    @Option(names = "--master", paramLabel = "MASTER", description = "Spark master when not under spark-submit.")
    String master;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        boolean explicitModels = spec.commandLine().getParseResult().hasMatchedOption("--models");
        SparkSession spark = SparkSessions.create("sparkify-report", master == null ? "local[*]" : master);
        ReportSummary summary = new ReportService(spark)
                .run(new ReportOptions(input, models == null || models.isBlank() ? null : models, out, explicitModels));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(json ? JsonFiles.compact(summary.toMap()) : summary.describe());
        stdout.flush();
        return ExitCodes.OK;
    }
}
