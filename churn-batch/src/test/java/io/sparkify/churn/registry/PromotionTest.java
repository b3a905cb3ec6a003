package io.sparkify.churn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkify.churn.cli.ChurnMain;
import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.model.Grid;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.train.TrainResult;
import io.sparkify.churn.train.TrainService;
import io.sparkify.churn.train.TrainSettings;
import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The promotion rule on real models (forward evaluation only, logistic regression, 450-user sample): a weak model
 * (gender only) becomes the first champion, the full model beats it on the same window and is promoted, a weak
 * challenger trained afterwards is rejected with exit code 5, and the listing shows all three.
 */
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromotionTest {

    private Path tmp;

    private TrainResult weakFirst;
    private TrainResult strong;
    private int weakAgainExit;
    private JsonNode weakAgainSummary;
    private JsonNode listing;
    private String models;

    @BeforeAll
    void trainThree(SparkSession spark, @TempDir Path tmp) {
        this.tmp = tmp;
        models = tmp.resolve("models").toString();
        LoadedEvents events = EventSource.load(spark, SampleData.medium().toString());
        ModelRegistry registry = new ModelRegistry(models, spark.sparkContext().hadoopConfiguration());
        TrainSettings fast = TrainSettings.defaults().withGrid(Grid.QUICK).withModels(List.of(ModelKind.LR)).withClassic(false);
        TrainService service = new TrainService(Clock.systemUTC());
        weakFirst = service.train(events, fast.withFeatures(List.of("gender_male")), registry);
        strong = service.train(events, fast, registry);

        StringWriter out = new StringWriter();
        CommandLine cl = CommandRunner.commandLine(new ChurnMain(), SparkifyConfig.defaults());
        cl.setOut(new PrintWriter(out));
        weakAgainExit = cl.execute("train", "--input", SampleData.medium().toString(), "--models", models, "--grid", "quick",
                "--model-types", "lr", "--skip-classic", "--features", "gender_male", "--json");
        weakAgainSummary = JsonFiles.parse(out.toString().trim());

        StringWriter list = new StringWriter();
        cl.setOut(new PrintWriter(list));
        assertEquals(ExitCodes.OK, cl.execute("models", "--models", models, "--json"));
        listing = JsonFiles.parse(list.toString().trim());
    }

    @Test
    void firstModelBecomesChampion() {
        assertTrue(weakFirst.decision().promoted());
        assertEquals(null, weakFirst.decision().previousChampion());
    }

    @Test
    void betterChallengerIsPromotedAfterReScoringTheChampionOnTheSameWindow() {
        assertTrue(strong.decision().promoted(), strong.decision().reason());
        assertEquals(weakFirst.version(), strong.decision().previousChampion());
        assertTrue(strong.decision().challengerAucPr() > strong.decision().championAucPr());
        assertEquals(strong.version(), strong.champion());
    }

    @Test
    void worseChallengerIsRejectedWithExitCodeFive() {
        assertEquals(ExitCodes.NOT_PROMOTED, weakAgainExit);
        assertFalse(weakAgainSummary.path("promoted").asBoolean());
        assertEquals(strong.version(), weakAgainSummary.path("champion").asText());
        assertTrue(weakAgainSummary.path("reason").asText().contains("not promoted"), weakAgainSummary.path("reason").asText());
    }

    @Test
    void listingShowsEveryVersionWithItsStatus() {
        assertEquals(strong.version(), listing.path("champion").asText());
        Map<String, String> status = java.util.stream.StreamSupport.stream(listing.path("versions").spliterator(), false)
                .collect(Collectors.toMap(v -> v.path("version").asText(), v -> v.path("status").asText()));
        assertEquals(3, status.size());
        assertEquals("retired", status.get(weakFirst.version()));
        assertEquals("champion", status.get(strong.version()));
        assertEquals("rejected", status.get(weakAgainSummary.path("version").asText()));
        for (JsonNode v : listing.path("versions")) {
            assertTrue(v.path("forward_auc_pr").isNumber() && v.path("forward_auc_roc").isNumber());
        }
    }
}
