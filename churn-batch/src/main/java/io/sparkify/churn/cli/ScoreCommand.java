package io.sparkify.churn.cli;

import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.registry.JsonFiles;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.churn.score.ScoreResult;
import io.sparkify.churn.score.ScoreService;
import io.sparkify.cli.ExitCodes;
import io.sparkify.error.InvalidInputException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify score}: the champion scores every active user. */
@Command(name = "score",
        description = {"Score every active (not churned) user as of the latest event with the champion model: churn "
                + "probability, risk band and the features pushing the risk. Writes <out>/scores (parquet) and "
                + "<out>/top-at-risk.csv, and prints the top users.",
                "Exit code 0, 2 for bad input or no champion, 1 failure."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class ScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SparkOptions spark;

    @Option(names = "--input", required = true, paramLabel = "URI",
            description = "A lake root, a parquet directory or a JSON log (.json, .json.gz); any Hadoop URI.")
    String input;

    @Option(names = "--models", paramLabel = "URI",
            description = "Model registry, any Hadoop URI. Default: ${DEFAULT-VALUE} (conf models.uri).")
    String models;

    @Option(names = "--out", required = true, paramLabel = "URI", description = "Output directory, any Hadoop URI (replaced).")
    String out;

    @Option(names = "--top", paramLabel = "N", description = "At-risk users in the CSV and the printed table. Default: ${DEFAULT-VALUE}.")
    int top = 20;

    @Option(names = "--json", description = "Print a one-object JSON summary.")
    boolean json;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new InvalidInputException("--top must be at least 1");
        }
        SparkSession session = spark.session("score");
        ModelRegistry registry = new ModelRegistry(models, session.sparkContext().hadoopConfiguration());
        LoadedEvents events = EventSource.load(session, input);
        spec.commandLine().getErr().println("input: " + events.quality().describe());
        ScoreResult r = ScoreService.score(events, registry, out, top);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(JsonFiles.compact(r.summary()));
        } else {
            w.printf("model %s scored %,d active users as of %s: high %d, medium %d, low %d%n", r.version(), r.users(),
                    r.scoredAt(), r.bands().get("high"), r.bands().get("medium"), r.bands().get("low"));
            w.printf("  %4s  %-10s %7s %-7s %s%n", "rank", "userId", "p", "band", "top features");
            int rank = 1;
            for (ScoreResult.ScoredUser u : r.top()) {
                w.printf("  %4d  %-10s %7.3f %-7s %s%n", rank++, u.userId(), u.probability(), u.band(), String.join(", ", u.topFeatures()));
            }
            w.printf("wrote %s and %s%n", r.scoresUri(), r.csvUri());
        }
        w.flush();
        return ExitCodes.OK;
    }
}
