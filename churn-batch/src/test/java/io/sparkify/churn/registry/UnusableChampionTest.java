package io.sparkify.churn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkify.churn.cli.ChurnMain;
import io.sparkify.churn.features.CutoffPlan;
import io.sparkify.churn.features.ChurnLabels;
import io.sparkify.churn.features.ForwardDataset;
import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.model.Grid;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.model.Scores;
import io.sparkify.churn.model.TestScores;
import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A champion that cannot be re-scored is never replaced without a comparison unless the user says so: a champion
 * that reads a feature this version no longer computes, or whose saved model is unreadable, makes {@code train}
 * register the new version as rejected and exit 6; {@code --force} promotes it (100-user sample, logistic regression,
 * forward evaluation only).
 */
@Tag("integration")
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnusableChampionTest {

    private static final String OLD = "20200101-000000-000";

    private SparkSession spark;
    private Path models;
    private Dataset<Row> testRows;
    private int refusedExit;
    private JsonNode refused;
    private String refusedChampion;
    private int forcedExit;
    private JsonNode forced;
    private String forcedChampion;

    @BeforeAll
    void trainAgainstAChampionWithARetiredFeature(SparkSession spark, @TempDir Path tmp) throws Exception {
        this.spark = spark;
        models = tmp.resolve("models");
        saveChampionReading("retired_feature", new ModelRegistry(models.toString(), spark.sparkContext().hadoopConfiguration()));
        LoadedEvents events = EventSource.load(spark, SampleData.small().toString());
        CutoffPlan plan = CutoffPlan.plan(events.quality().firstEventMs(), events.quality().lastEventMs(), 14, 7, 7);
        testRows = ForwardDataset.build(events.userEvents(), ChurnLabels.churnTimes(events.userEvents()),
                List.of(plan.test()), plan.horizonMs()).cache();

        StringWriter out = new StringWriter();
        refusedExit = train(out);
        refused = JsonFiles.parse(out.toString().trim());
        refusedChampion = Files.readString(models.resolve(ModelRegistry.CHAMPION_FILE)).trim();
        StringWriter out2 = new StringWriter();
        forcedExit = train(out2, "--force");
        forced = JsonFiles.parse(out2.toString().trim());
        forcedChampion = Files.readString(models.resolve(ModelRegistry.CHAMPION_FILE)).trim();
    }

    private int train(StringWriter out, String... more) {
        CommandLine cl = CommandRunner.commandLine(new ChurnMain(), SparkifyConfig.defaults());
        cl.setOut(new PrintWriter(out));
        List<String> args = new ArrayList<>(List.of("train", "--input", SampleData.small().toString(), "--models",
                models.toString(), "--grid", "quick", "--model-types", "lr", "--skip-classic", "--cutoff-step-days", "7", "--json"));
        args.addAll(List.of(more));
        return cl.execute(args.toArray(String[]::new));
    }

    /** A registered champion whose pipeline reads a column the feature code no longer produces. */
    private void saveChampionReading(String column, ModelRegistry registry) {
        StructType schema = new StructType().add(column, DataTypes.DoubleType).add("label", DataTypes.DoubleType)
                .add("weight", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create((double) i, i % 3 == 0 ? 1.0 : 0.0, 1.0));
        }
        ModelKind.Candidate c = ModelKind.LR.candidate(List.of(column), Grid.QUICK, 1L);
        PipelineModel model = c.fit(spark.createDataFrame(rows, schema), c.grid()[0], List.of(column));
        registry.saveModel(OLD, model);
        registry.writeFile(OLD, ModelRegistry.METRICS_FILE,
                "{\"format_version\":1,\"version\":\"" + OLD + "\",\"champion_candidate\":{\"model\":\"lr\"},"
                        + "\"promotion\":{\"promoted\":true}}");
        registry.setChampion(OLD);
    }

    @Test
    void aChampionReadingARetiredFeatureIsNotReplacedWithoutForce() {
        assertEquals(6, refusedExit);
        assertEquals(ExitCodes.CHAMPION_UNUSABLE, refusedExit);
        assertFalse(refused.path("promoted").asBoolean());
        assertEquals("champion_unusable", refused.path("outcome").asText());
        assertTrue(refused.path("reason").asText().contains("no longer computes: [retired_feature]"), refused.path("reason").asText());
        assertTrue(refused.path("reason").asText().contains("--force"), "the message says how to proceed");
        assertEquals(OLD, refusedChampion, "the champion is unchanged");
    }

    @Test
    void theRefusedVersionIsKeptAsARejectedChallenger() {
        ModelRegistry registry = new ModelRegistry(models.toString(), spark.sparkContext().hadoopConfiguration());
        JsonNode promotion = registry.metrics(refused.path("version").asText()).path("promotion");
        assertEquals("champion_unusable", promotion.path("outcome").asText());
        assertTrue(promotion.path("previous_champion_auc_pr_same_window").isNull());
        List<String> statuses = VersionSummary.list(registry).stream()
                .filter(v -> v.version().equals(refused.path("version").asText())).map(VersionSummary::status).toList();
        assertEquals(List.of("rejected"), statuses);
    }

    @Test
    void forcePromotesWithoutComparison() {
        assertEquals(ExitCodes.OK, forcedExit);
        assertTrue(forced.path("promoted").asBoolean());
        assertEquals("forced", forced.path("outcome").asText());
        assertEquals(forced.path("version").asText(), forcedChampion);
    }

    /** The champion fails to load before any row is compared: the challenger's scores do not matter. */
    private static TestScores anyChallenger() {
        return new TestScores(new String[] {"u"}, new long[] {0L}, new Scores(new double[] {0.3}, new double[] {1.0}));
    }

    /** Any error loading the champion counts the same: a model directory that holds no model. */
    @Test
    void anUnreadableChampionModelIsRefusedUnlessForced() throws Exception {
        Path dir = Files.createTempDirectory("unreadable-champion");
        ModelRegistry registry = new ModelRegistry(dir.toString(), spark.sparkContext().hadoopConfiguration());
        registry.writeFile(OLD, ModelRegistry.MODEL_DIR + "/metadata/part-00000", "not a model");
        registry.writeFile(OLD, ModelRegistry.METRICS_FILE, "{\"format_version\":1}");
        registry.setChampion(OLD);
        Promotion.Decision refusedDecision = Promotion.decide(registry, testRows, anyChallenger(), new PromotionPolicy(0, false));
        assertEquals(Promotion.Outcome.CHAMPION_UNUSABLE, refusedDecision.outcome());
        assertFalse(refusedDecision.promoted());
        assertNull(refusedDecision.championAucPr());
        Promotion.Decision forcedDecision = Promotion.decide(registry, testRows, anyChallenger(), new PromotionPolicy(0, true));
        assertEquals(Promotion.Outcome.FORCED, forcedDecision.outcome());
        assertTrue(forcedDecision.promoted());
    }
}
