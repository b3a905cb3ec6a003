package io.sparkify.churn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkify.churn.cli.ChurnMain;
import io.sparkify.churn.features.ChurnDefinition;
import io.sparkify.churn.features.ChurnLabels;
import io.sparkify.churn.features.ForwardDataset;
import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.Grid;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.model.Scores;
import io.sparkify.churn.model.TestScores;
import io.sparkify.churn.train.ForwardEvaluation;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The promotion rule on real models (forward evaluation only, logistic regression, 450-user sample): a weak model
 * (gender only) becomes the first champion, the full model beats it on the same window and is promoted, a weak
 * challenger trained afterwards is rejected with exit code 5, and the listing shows all three. The champion is
 * re-scored on exactly the challenger's pooled test rows (every test cut-off), and the tolerance works in both
 * directions.
 */
@Tag("integration")
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
    private LoadedEvents events;
    private ModelRegistry registry;

    @BeforeAll
    void trainThree(SparkSession spark, @TempDir Path tmp) {
        this.tmp = tmp;
        models = tmp.resolve("models").toString();
        events = EventSource.load(spark, SampleData.medium().toString());
        registry = new ModelRegistry(models, spark.sparkContext().hadoopConfiguration());
        // Promotion, not model quality, is under test: weekly cut-offs keep the three runs short.
        TrainSettings fast = TrainSettings.defaults().toBuilder().grid(Grid.QUICK).models(List.of(ModelKind.LR))
                .classic(false).cutoffStepDays(7).build();
        TrainService service = new TrainService(Clock.systemUTC());
        weakFirst = service.train(events, fast.withFeatures(List.of("gender_male")), registry);
        strong = service.train(events, fast, registry);

        StringWriter out = new StringWriter();
        CommandLine cl = CommandRunner.commandLine(new ChurnMain(), SparkifyConfig.defaults());
        cl.setOut(new PrintWriter(out));
        weakAgainExit = cl.execute("train", "--input", SampleData.medium().toString(), "--models", models, "--grid", "quick",
                "--model-types", "lr", "--skip-classic", "--cutoff-step-days", "7", "--features", "gender_male", "--min-gain", "0.001", "--json");
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

    /**
     * The champion's number in the decision is its AUC-PR on the challenger's pooled test rows (every test cut-off),
     * recomputed here, and the comparison's rows are exactly those.
     */
    @Test
    void championIsReScoredOnTheChallengersTestRows() {
        Dataset<Row> test = testRows(strong);
        Scores champion = Scores.collect(registry.loadModel(weakFirst.version()).transform(test));
        assertEquals(test.count(), strong.decision().comparedRows());
        assertEquals(pooledRowCount(strong), strong.decision().comparedRows());
        assertEquals(BinaryMetrics.aucPr(champion), strong.decision().championAucPr(), 1e-12);
        assertEquals(strong.forward().best().pooled().get("auc_pr"), strong.decision().challengerAucPr());
        // The weak champion's registered model is the one it fitted for its latest test cut-off: re-scored on that
        // cut-off's rows it gives its own registered number.
        Dataset<Row> last = ForwardDataset.at(test, List.of(Instant.parse(
                (String) ((Map<?, ?>) strong.forward().facts().get("cutoffs")).get("test")).toEpochMilli()));
        assertEquals(weakFirst.forward().best().metric("auc_pr"),
                BinaryMetrics.aucPr(Scores.collect(registry.loadModel(weakFirst.version()).transform(last))), 1e-12);
        Map<String, Object> comparison = strong.decision().comparison();
        assertEquals(strong.decision().comparedRows(), comparison.get("rows"));
        double[] ci = (double[]) comparison.get("auc_pr_difference_ci");
        assertEquals(strong.decision().challengerAucPr() - strong.decision().championAucPr(),
                (Double) comparison.get("auc_pr_difference"), 1e-12);
        assertTrue(ci[0] <= ci[1] && ci[0] > -1 && ci[1] < 1, "paired interval " + ci[0] + ".." + ci[1]);
    }

    /** The rule: promoted iff challenger >= champion - tolerance, in both directions of the tolerance. */
    @Test
    void toleranceAdmitsASmallDropAndANegativeToleranceDemandsAGain() {
        double champion = 0.2;
        assertTrue(new PromotionPolicy(0.0, false).promotes(champion, champion), "equal is not worse");
        assertTrue(new PromotionPolicy(0.02, false).promotes(champion - 0.01, champion), "0.01 worse, 0.02 tolerated");
        assertFalse(new PromotionPolicy(0.005, false).promotes(champion - 0.01, champion), "0.01 worse, 0.005 tolerated");
        assertFalse(new PromotionPolicy(-0.01, false).promotes(champion + 0.005, champion), "gain 0.005, 0.01 demanded");
        assertTrue(new PromotionPolicy(-0.01, false).promotes(champion + 0.02, champion), "gain 0.02, 0.01 demanded");
    }

    /**
     * Decided on identical rows: a challenger that scores the pooled test rows exactly like the real champion ties
     * with it (difference 0, interval 0..0): promoted at tolerance 0, rejected when a gain is demanded.
     */
    @Test
    void aChallengerScoringLikeTheChampionTiesOnTheSameRows() {
        Dataset<Row> test = testRows(strong);
        TestScores same = ForwardEvaluation.score(registry.loadModel(strong.version()), test);
        Promotion.Decision tie = Promotion.decide(registry, test, same, new PromotionPolicy(0.0, false));
        assertEquals(Promotion.Outcome.PROMOTED, tie.outcome(), tie.reason());
        assertEquals(tie.championAucPr(), tie.challengerAucPr(), 1e-12);
        assertEquals(0.0, (Double) tie.comparison().get("auc_pr_difference"), 1e-12);
        double[] ci = (double[]) tie.comparison().get("auc_pr_difference_ci");
        assertEquals(0.0, ci[0], 1e-12);
        assertEquals(0.0, ci[1], 1e-12);
        assertEquals(Promotion.Outcome.REJECTED,
                Promotion.decide(registry, test, same, new PromotionPolicy(-0.01, false)).outcome());
    }

    @SuppressWarnings("unchecked")
    private static long pooledRowCount(TrainResult r) {
        Map<String, Object> rows = (Map<String, Object>) r.forward().facts().get("rows");
        return ((Number) rows.get("test_pooled")).longValue();
    }

    /** The forward test rows of a run, rebuilt from its recorded test cut-offs. */
    @SuppressWarnings("unchecked")
    private Dataset<Row> testRows(TrainResult r) {
        List<Long> tests = ((List<String>) r.forward().facts().get("test_cutoffs")).stream()
                .map(t -> Instant.parse(t).toEpochMilli()).toList();
        Dataset<Row> churn = ChurnLabels.churnTimes(events.userEvents());
        return ForwardDataset.build(events.userEvents(), churn, tests, 14 * ChurnDefinition.DAY_MS).cache();
    }

    @Test
    void worseChallengerIsRejectedWithExitCodeFive() {
        assertEquals(ExitCodes.NOT_PROMOTED, weakAgainExit);
        assertFalse(weakAgainSummary.path("promoted").asBoolean());
        assertEquals(strong.version(), weakAgainSummary.path("champion").asText());
        assertTrue(weakAgainSummary.path("reason").asText().contains("not promoted"), weakAgainSummary.path("reason").asText());
        assertEquals("rejected", weakAgainSummary.path("outcome").asText());
        // --min-gain is the tolerance the rule applied, recorded with the rejected version.
        JsonNode promotion = registry.metrics(weakAgainSummary.path("version").asText()).path("promotion");
        assertEquals(0.001, promotion.path("tolerance").asDouble(), 1e-12);
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
