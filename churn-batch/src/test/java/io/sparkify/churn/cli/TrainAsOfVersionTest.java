package io.sparkify.churn.cli;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.registry.JsonFiles;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train --as-of-version}: a model trained on a lake can be reproduced from the same lake after it grew, by
 * training on the table version its metrics.json recorded (Delta time travel), down to the last digit of every metric.
 */
@Tag("integration")
@ExtendWith(LocalSpark.class)
class TrainAsOfVersionTest {

    /** Everything in metrics.json that the input and the settings decide (not when or how fast the run was). */
    private static final List<String> REPRODUCIBLE = List.of("input", "data_window", "features", "parameters",
            "champion_candidate", "evaluations");

    @Test
    void trainingOnTheRecordedVersionOfAGrownLakeReproducesTheFirstModelsMetricsExactly(SparkSession spark,
            @TempDir Path tmp) {
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toString());
        String models = tmp.resolve("models").toString();
        LoadedEvents sample = EventSource.load(spark, SampleData.small().toString());
        sample.userEvents().write().format("delta").save(lake.events());

        JsonNode first = train(spark, lake, models);
        assertEquals(0L, first.path("input").path("table_version").asLong(), "the first run read version 0");

        // The lake grows: the same activity again as users it has not seen (version 1).
        sample.userEvents().withColumn("userId", concat(lit("grown-"), col("userId")))
                .write().format("delta").mode("append").save(lake.events());
        LoadedEvents latest = EventSource.load(spark, lake.root());
        assertEquals(1L, latest.quality().tableVersion());
        assertEquals(2 * sample.quality().userEvents(), latest.quality().userEvents(), "the latest version holds more");

        JsonNode reproduced = train(spark, lake, models, "--as-of-version", first.path("input").path("table_version").asText());

        assertNotEquals(first.path("version").asText(), reproduced.path("version").asText(), "a new registry version");
        for (String section : REPRODUCIBLE) {
            assertEquals(withoutTimings(first.path(section)), withoutTimings(reproduced.path(section)),
                    "metrics.json " + section);
        }
        assertTrue(first.path("evaluations").path("forward").path("models").size() > 1, "several families compared");
    }

    /** A copy without the per-model fit times ({@code training_seconds}): how fast, not what, a fit computed. */
    private static JsonNode withoutTimings(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("training_seconds");
        }
        node.forEach(TrainAsOfVersionTest::strip);
    }

    /** One {@code train} through the command line; the metrics.json of the version it registered. */
    private static JsonNode train(SparkSession spark, LakeLayout lake, String models, String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CommandRunner.commandLine(new ChurnMain(), SparkifyConfig.defaults());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> args = new java.util.ArrayList<>(List.of("train", "--input", lake.root(), "--models", models,
                // Reproduction, not quality, is under test: the quick grid, weekly cut-offs, two stochastic families.
                "--grid", "quick", "--model-types", "lr,rf,rate", "--cutoff-step-days", "7", "--json"));
        args.addAll(List.of(extra));
        int code = cl.execute(args.toArray(String[]::new));
        assertTrue(code == ExitCodes.OK || code == ExitCodes.NOT_PROMOTED, "train exit " + code + "\n" + err);
        String version = JsonFiles.parse(out.toString().trim()).path("version").asText();
        return new ModelRegistry(models, spark.sparkContext().hadoopConfiguration()).metrics(version);
    }
}
