package io.sparkify.churn.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkify.churn.features.ChurnFeatures;
import io.sparkify.churn.features.ChurnLabels;
import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.model.Grid;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.churn.score.ScoreResult;
import io.sparkify.churn.score.ScoreService;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real training run on the 450-user sample (both evaluations; the quick grid keeps the suite short, the
 * shipped default is the full grid), then scoring with the registered champion.
 */
@Tag("integration")
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainAndScoreTest {

    private Path tmp;

    private LoadedEvents events;
    private ModelRegistry registry;
    private TrainResult result;
    private JsonNode metrics;
    private ScoreResult scored;
    private Dataset<Row> scores;
    private SparkSession spark;

    @BeforeAll
    void trainAndScore(SparkSession spark, @TempDir Path tmp) {
        this.tmp = tmp;
        this.spark = spark;
        events = EventSource.load(spark, SampleData.medium().toString());
        registry = new ModelRegistry(tmp.resolve("models").toString(), spark.sparkContext().hadoopConfiguration());
        // Every family and the (opt-in) classic evaluation: their metrics are checked below.
        TrainSettings settings = TrainSettings.defaults().toBuilder().grid(Grid.QUICK)
                .models(List.of(ModelKind.values())).classic(true).build();
        result = new TrainService(Clock.systemUTC()).train(events, settings, registry);
        metrics = registry.metrics(result.version());
        scored = ScoreService.score(events, registry, tmp.resolve("scores").toString(), 20);
        scores = spark.read().parquet(scored.scoresUri());
    }

    @Test
    void inputIsAccountedFor() {
        JsonNode in = metrics.path("input");
        assertEquals(SampleData.MEDIUM_LINES, in.path("records_read").asLong());
        assertEquals(0, in.path("rejected_total").asLong());
        assertEquals(15_993, in.path("empty_user_id_dropped").asLong());
        assertEquals(443, in.path("users").asLong());
        assertEquals(103, in.path("churned_users").asLong());
    }

    /**
     * The selected model's figures are where metrics.json says: the champion candidate is the forward best model,
     * its latest-cut-off metrics and its pooled rolling-origin figures are those of that model, beside the two
     * baselines on the same pooled rows. (The quality bar on this sample is measured by bench/churn, not here:
     * with a few dozen churners per window it is noise, issue 13.)
     */
    @Test
    void selectedForwardModelIsReportedWithItsPooledFiguresBesideTheBaselines() {
        JsonNode fwd = metrics.path("evaluations").path("forward");
        JsonNode base = fwd.path("baseline").path("metrics");
        String selected = metrics.path("champion_candidate").path("model").asText();
        assertEquals(selected, fwd.path("best_model").asText());
        JsonNode cand = fwd.path("models").path(selected).path("metrics");
        assertEquals(base.path("base_rate").asDouble(), cand.path("base_rate").asDouble(), 1e-12);
        assertEquals(cand.path("auc_pr").asDouble(), metrics.path("champion_candidate").path("auc_pr").asDouble(), 1e-12);
        assertEquals(fwd.path("models").path(selected).path("pooled"), metrics.path("champion_candidate").path("pooled"));
        JsonNode pooled = metrics.path("champion_candidate").path("pooled");
        assertEquals(fwd.path("rows").path("test_pooled").asLong(), pooled.path("rows").asLong());
        for (String b : List.of("base_rate", "activity_rate")) {
            JsonNode p = fwd.path("baselines").path(b).path("pooled");
            assertEquals(pooled.path("rows").asLong(), p.path("rows").asLong(), b);
            assertEquals(pooled.path("positives").asLong(), p.path("positives").asLong(), b);
        }
        assertEquals(0.5, fwd.path("baselines").path("base_rate").path("pooled").path("auc_roc").asDouble(), 1e-12);
    }

    /**
     * The family is chosen on validation alone (the test window is looked at once, after the choice): the best
     * validation AUC-PR, unless a simpler family is within one standard error of it (FamilySelection's rule, whose
     * cases FamilySelectionTest covers).
     */
    @Test
    void championCandidateIsChosenOnValidationNotOnTest() {
        JsonNode fwd = metrics.path("evaluations").path("forward");
        assertEquals("validation_auc_pr", fwd.path("selected_by").asText());
        assertEquals("validation_auc_pr", metrics.path("champion_candidate").path("selected_by").asText());
        String bestOnValidation = null;
        double best = Double.NEGATIVE_INFINITY;
        for (String m : List.of("lr", "rf", "gbt", "rate")) {
            JsonNode sel = fwd.path("models").path(m).path("selection");
            assertEquals("validation_auc_pr", sel.path("metric").asText());
            if (sel.path("value").asDouble() > best) {
                best = sel.path("value").asDouble();
                bestOnValidation = m;
            }
        }
        JsonNode selection = fwd.path("family_selection");
        assertEquals(bestOnValidation, selection.path("best_on_validation").asText());
        // From the simplest family up, the first within one standard error of the best; else the best.
        String chosen = bestOnValidation;
        for (var c : (Iterable<java.util.Map.Entry<String, JsonNode>>) selection.path("compared")::fields) {
            double diff = c.getValue().path("auc_pr_difference").asDouble();
            assertEquals(best - fwd.path("models").path(c.getKey()).path("selection").path("value").asDouble(), diff, 1e-12);
            assertEquals(diff <= c.getValue().path("standard_error").asDouble(), c.getValue().path("within_one_se").asBoolean());
            if (c.getValue().path("within_one_se").asBoolean()) {
                chosen = c.getKey();
                break;
            }
        }
        assertEquals(chosen, selection.path("chosen").asText());
        assertEquals(chosen, metrics.path("champion_candidate").path("model").asText());
        assertEquals(fwd.path("models").path(chosen).path("selection").path("value").asDouble(),
                metrics.path("champion_candidate").path("selection_value").asDouble(), 1e-12);
    }

    /** The flagged share chosen on validation is applied as a rank: each model flags that share of the test rows. */
    @Test
    void everyModelFlagsItsValidationShareOfTheTestRows() {
        for (String e : List.of("forward", "classic")) {
            for (String m : List.of("lr", "rf", "gbt")) {
                JsonNode model = metrics.path("evaluations").path(e).path("models").path(m);
                double share = model.path("flag_share").asDouble();
                JsonNode c = model.path("metrics").path("confusion");
                long rows = model.path("metrics").path("rows").asLong();
                long flagged = c.path("tp").asLong() + c.path("fp").asLong();
                long expected = (long) Math.ceil(share * rows - 1e-9);
                assertTrue(share > 0 && share < 1, e + " " + m + " share " + share);
                assertTrue(flagged >= expected && flagged <= expected + 3, e + " " + m + ": flagged " + flagged
                        + " of " + rows + ", share " + share);
            }
        }
    }

    @Test
    void classicSelectedModelReachesTheBarAndBeatsTheBaseline() {
        JsonNode cl = metrics.path("evaluations").path("classic");
        JsonNode best = cl.path("models").path(cl.path("best_model").asText()).path("metrics");
        JsonNode base = cl.path("baseline").path("metrics");
        assertTrue(best.path("auc_roc").asDouble() >= 0.75, "classic AUC-ROC " + best.path("auc_roc"));
        assertTrue(best.path("auc_roc").asDouble() > base.path("auc_roc").asDouble());
        assertTrue(best.path("auc_pr").asDouble() > base.path("auc_pr").asDouble());
    }

    /** Data window and forward row counts equal an independent Spark SQL query on the same file. */
    @Test
    void dataWindowAndForwardRowsMatchSparkSql() {
        // Spark's own JSON reader, not the product's loader; decoded once and cached, since one query per cut-off
        // follows (each re-reading the 450-user gzip took 21 s of this class).
        Dataset<Row> raw = spark.read().json(SampleData.medium().toString()).select("userId", "ts", "page", "auth").cache();
        raw.createOrReplaceTempView("train_test_events");
        Row window = spark.sql("SELECT min(ts), max(ts) FROM train_test_events WHERE userId <> ''").first();
        assertEquals(Instant.ofEpochMilli(window.getLong(0)).toString(), metrics.path("data_window").path("first_event").asText());
        assertEquals(Instant.ofEpochMilli(window.getLong(1)).toString(), metrics.path("data_window").path("last_event").asText());

        JsonNode fwd = metrics.path("evaluations").path("forward");
        long horizon = fwd.path("horizon_days").asLong() * 86_400_000L;
        long train = 0;
        long trainPositives = 0;
        for (JsonNode c : fwd.path("cutoffs").path("train")) {
            long[] n = forwardRows(Instant.parse(c.asText()).toEpochMilli(), horizon);
            train += n[0];
            trainPositives += n[1];
        }
        long[] test = forwardRows(Instant.parse(fwd.path("cutoffs").path("test").asText()).toEpochMilli(), horizon);
        long[] validation = {0, 0};
        for (JsonNode c : fwd.path("cutoffs").path("validations")) {
            long[] n = forwardRows(Instant.parse(c.asText()).toEpochMilli(), horizon);
            validation[0] += n[0];
            validation[1] += n[1];
        }
        long[] pooled = {0, 0};
        for (JsonNode c : fwd.path("test_cutoffs")) {
            long[] n = forwardRows(Instant.parse(c.asText()).toEpochMilli(), horizon);
            pooled[0] += n[0];
            pooled[1] += n[1];
        }
        JsonNode rows = fwd.path("rows");
        assertEquals(train, rows.path("train").asLong());
        assertEquals(trainPositives, rows.path("train_positives").asLong());
        assertEquals(validation[0], rows.path("validation").asLong());
        assertEquals(validation[1], rows.path("validation_positives").asLong());
        assertEquals(test[0], rows.path("test").asLong());
        assertEquals(test[1], rows.path("test_positives").asLong());
        assertEquals(pooled[0], rows.path("test_pooled").asLong());
        assertEquals(pooled[1], rows.path("test_pooled_positives").asLong());
        assertEquals((double) test[1] / test[0], fwd.path("test_base_rate").asDouble(), 1e-12);
        assertTrue(test[0] > 300 && test[1] > 10, "test window " + test[0] + " users, " + test[1] + " churn");
        raw.unpersist();
    }

    /** Users not churned before the cut-off with a usable event before it, and those of them who churn within the horizon. */
    private long[] forwardRows(long cutoff, long horizon) {
        Row r = spark.sql("WITH u AS (SELECT userId, min(CASE WHEN page = 'Cancellation Confirmation' THEN ts END) AS churn_ts "
                + "FROM train_test_events WHERE userId <> '' GROUP BY userId), "
                + "seen AS (SELECT DISTINCT userId FROM train_test_events WHERE userId <> '' AND ts < " + cutoff
                + " AND page NOT IN ('Cancel', 'Cancellation Confirmation') AND auth <> 'Cancelled') "
                + "SELECT count(*), count(CASE WHEN churn_ts < " + (cutoff + horizon) + " THEN 1 END) FROM u JOIN seen USING (userId) "
                + "WHERE churn_ts IS NULL OR churn_ts >= " + cutoff).first();
        return new long[] {r.getLong(0), r.getLong(1)};
    }

    @Test
    void metricsJsonHasEveryField() {
        for (String f : List.of("format_version", "version", "created_at", "training_seconds", "input", "data_window",
                "features", "parameters", "champion_candidate", "evaluations", "promotion")) {
            assertTrue(metrics.has(f), f);
        }
        assertEquals(ChurnFeatures.defaults().size(), metrics.path("features").size());
        assertTrue(metrics.path("training_seconds").asDouble() > 0);
        double forwardFamilies = 0;
        for (String m : List.of("lr", "rf", "gbt")) {
            double t = metrics.path("evaluations").path("forward").path("models").path(m).path("training_seconds").asDouble();
            assertTrue(t > 0, "forward " + m + " training_seconds");
            assertTrue(metrics.path("evaluations").path("classic").path("models").path(m).path("training_seconds").asDouble() > 0);
            forwardFamilies += t;
        }
        assertTrue(forwardFamilies <= metrics.path("timings").path("forward_seconds").asDouble(), "per-family times within the total");
        for (String e : List.of("forward", "classic")) {
            JsonNode ev = metrics.path("evaluations").path(e);
            assertTrue(ev.path("rows").path("test").asLong() > 0, e);
            for (String m : List.of("lr", "rf", "gbt")) {
                JsonNode model = ev.path("models").path(m);
                assertTrue(model.path("params").size() > 0, e + " " + m);
                assertTrue(model.path("importances").size() > 0, e + " " + m);
                assertMetrics(model.path("metrics"), e + " " + m);
            }
            assertMetrics(ev.path("baseline").path("metrics"), e + " baseline");
        }
        JsonNode fwd = metrics.path("evaluations").path("forward");
        assertTrue(fwd.path("test_cutoffs").size() >= 1);
        assertEquals(fwd.path("cutoffs").path("test").asText(), fwd.path("test_cutoffs").get(fwd.path("test_cutoffs").size() - 1).asText());
        List<JsonNode> pooled = new java.util.ArrayList<>();
        for (String m : List.of("lr", "rf", "gbt", "rate")) {
            pooled.add(fwd.path("models").path(m).path("pooled"));
            assertEquals(fwd.path("test_cutoffs").size(), fwd.path("models").path(m).path("per_cutoff").size(), m);
        }
        pooled.add(fwd.path("baselines").path("base_rate").path("pooled"));
        pooled.add(fwd.path("baselines").path("activity_rate").path("pooled"));
        pooled.add(metrics.path("champion_candidate").path("pooled"));
        for (JsonNode p : pooled) {
            for (String f : List.of("rows", "positives", "auc_roc", "auc_pr", "lift_top10")) {
                assertTrue(p.path(f).isNumber(), f + " in " + p);
            }
            for (String f : List.of("auc_roc", "auc_pr")) {
                JsonNode ci = p.path(f + "_ci");
                assertEquals(2, ci.size(), f + "_ci");
                assertTrue(0 <= ci.get(0).asDouble() && ci.get(0).asDouble() <= ci.get(1).asDouble()
                        && ci.get(1).asDouble() <= 1, f + "_ci: " + p);
            }
        }
        for (String f : List.of("train", "validation", "test", "test_horizon_end")) {
            assertTrue(fwd.path("cutoffs").has(f), f);
        }
        assertTrue(metrics.path("promotion").path("promoted").asBoolean());
    }

    private static void assertMetrics(JsonNode m, String what) {
        for (String f : List.of("rows", "positives", "base_rate", "auc_roc", "auc_pr", "threshold", "precision", "recall",
                "f1", "weighted_f1", "accuracy")) {
            assertTrue(m.path(f).isNumber(), what + " " + f);
        }
        JsonNode c = m.path("confusion");
        assertEquals(m.path("rows").asLong(), c.path("tp").asLong() + c.path("fp").asLong() + c.path("tn").asLong()
                + c.path("fn").asLong(), what);
        assertTrue(m.path("roc_curve").size() >= 2 && m.path("pr_curve").size() >= 2, what);
        assertEquals(10, m.path("calibration").size(), what);
    }

    @Test
    void championIsRegisteredWithItsModel() {
        assertEquals(result.version(), registry.champion().orElseThrow());
        assertTrue(Files.isDirectory(tmp.resolve("models").resolve(result.version()).resolve(ModelRegistry.MODEL_DIR)));
        assertTrue(Files.isRegularFile(tmp.resolve("models").resolve(result.version()).resolve(ModelRegistry.IMPORTANCES_FILE)));
    }

    @Test
    void scoringGivesOneRowPerActiveUserWithProbabilities() {
        long active = ChurnLabels.churnTimes(events.userEvents()).filter("churn_ts is null").count();
        assertEquals(active, scores.count());
        assertEquals(active, scores.select("userId").distinct().count());
        assertEquals(active, scored.users());
        assertEquals(0, scores.filter("churn_probability < 0 or churn_probability > 1 or isnan(churn_probability)").count());
        assertEquals(0, scores.filter("risk_band not in ('high', 'medium', 'low')").count());
        assertTrue(scores.filter("size(top_features) > 0").count() > 0, "some users have explanations");
    }

    /** The CSV is the top of the parquet ranking: ranks 1..N, probabilities falling, explanations for each row. */
    @Test
    void topCsvListsTheHighestRisksInOrderWithTheirTopFeatures() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(scored.csvUri()));
        assertEquals(21, lines.size());
        assertEquals("rank,userId,churn_probability,risk_band,top_features", lines.get(0));
        List<Row> expected = scores.orderBy(col("churn_probability").desc(), col("userId")).limit(20).collectAsList();
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 1; i <= 20; i++) {
            String[] f = lines.get(i).split(",", 5);
            assertEquals(String.valueOf(i), f[0]);
            assertEquals(expected.get(i - 1).getString(0), f[1], "rank " + i);
            double p = Double.parseDouble(f[2]);
            assertEquals(expected.get(i - 1).getDouble(1), p, 1e-6);
            assertTrue(p <= previous, "probabilities fall with the rank");
            previous = p;
            assertEquals(expected.get(i - 1).getString(2), f[3]);
            List<String> top = expected.get(i - 1).getList(3);
            assertEquals(String.join("; ", top), f[4].replace("\"", ""));
            assertTrue(f[4].matches("\"?[a-z0-9_]+ \\([+-][0-9.]+ sd\\).*"), "top_features of rank " + i + ": " + f[4]);
        }
    }

    /** Risk bands are the champion's flagged share as a rank over the scored users, and twice that for medium. */
    @Test
    void riskBandsFollowTheFlaggedShare() {
        double share = metrics.path("champion_candidate").path("flag_share").asDouble();
        long users = scored.users();
        long high = scored.bands().get("high");
        long medium = scored.bands().get("medium");
        long k = (long) Math.ceil(share * users - 1e-9);
        assertTrue(high >= k && high <= k + 3, "high " + high + " of " + users + " at share " + share);
        assertTrue(high + medium >= Math.min(users, 2 * k) && high + medium <= Math.min(users, 2 * k) + 3, "medium " + medium);
        double minHigh = scores.filter("risk_band = 'high'").agg(min("churn_probability")).first().getDouble(0);
        double maxMedium = scores.filter("risk_band = 'medium'").agg(max("churn_probability")).first().getDouble(0);
        double maxLow = scores.filter("risk_band = 'low'").agg(max("churn_probability")).first().getDouble(0);
        assertTrue(minHigh > maxMedium && maxMedium >= maxLow, minHigh + " > " + maxMedium + " >= " + maxLow);
        assertEquals(minHigh, scored.highThreshold(), 1e-12);
    }
}
