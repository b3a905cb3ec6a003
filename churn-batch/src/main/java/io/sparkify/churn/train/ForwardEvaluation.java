package io.sparkify.churn.train;

import static org.apache.spark.sql.functions.col;

import io.sparkify.churn.features.ChurnFeatures;
import io.sparkify.churn.features.ChurnLabels;
import io.sparkify.churn.features.CutoffPlan;
import io.sparkify.churn.features.ForwardDataset;
import io.sparkify.churn.io.DataQuality;
import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.FeatureImportances;
import io.sparkify.churn.model.FeatureScreening;
import io.sparkify.churn.model.FlagShare;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.model.Scores;
import io.sparkify.churn.model.TestScores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The point-in-time evaluation that picks the champion (see {@link CutoffPlan}).
 *
 * <p>Choosing (rolling origin over the validation cut-offs): each validation cut-off is scored by a fit on the
 * training cut-offs whose labels were known at it (screening included); each family's grid point with the best
 * AUC-PR on the pooled validation rows is its choice, with the share of users to flag. The family is chosen by
 * {@link FamilySelection}: the simplest one within a standard error of the best. No validation horizon reaches a
 * test cut-off.
 *
 * <p>Testing (rolling origin): each test cut-off is scored by the family's chosen procedure (screening included)
 * refitted on the training cut-offs whose labels were known at that cut-off. The scores are pooled over the test
 * cut-offs, with bootstrap intervals over users, beside two baselines: {@code base_rate} and {@code activity_rate}
 * (sessions per day since the user's first event before the cut-off). The model fitted for the latest test
 * cut-off is the one registered.
 */
public final class ForwardEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardEvaluation.class);
    /** Screening keeps at least this many features, whatever their separation. */
    static final int MIN_FEATURES = 5;
    static final String SELECTION_METRIC = "validation_auc_pr";

    /**
     * The evaluation's results and the pooled test rows (kept to re-evaluate the current champion on them).
     *
     * @param testRows the rows of every test cut-off
     */
    public record Outcome(EvaluationOutcome evaluation, CutoffPlan plan, Dataset<Row> testRows) {
    }

    /** The rows of one test cut-off and of the training cut-offs known at it, with their screening. */
    private record Fold(long cutoff, Dataset<Row> train, Dataset<Row> test, FeatureScreening.Result screen) {
    }

    private ForwardEvaluation() {
    }

    public static Outcome run(Dataset<Row> events, Dataset<Row> churnTimes, DataQuality quality, TrainSettings s) {
        CutoffPlan plan = CutoffPlan.plan(quality.firstEventMs(), quality.lastEventMs(), s.horizonDays(),
                s.cutoffStepDays(), s.minHistoryDays(), s.testCutoffs(), s.validationCutoffs());
        if (plan.tests().size() < plan.requestedTests()) {
            LOG.warn("the data is too short for {} test cut-offs whose horizons no validation horizon reaches: using {}",
                    plan.requestedTests(), plan.tests().size());
        }
        // One feature pass for every cut-off; the slices below are cut from these rows.
        Dataset<Row> all = TrainingRows.materialized(ForwardDataset.build(events, churnTimes, plan.all(), plan.horizonMs()));
        // Validation is rolling-origin as the test is: each validation cut-off is scored by a fit on the cut-offs
        // whose labels were known at it, so every validation cut-off counts (one fit before the earliest would
        // leave the later ones scored by a model that knew less than it could).
        List<Fold> validations = new ArrayList<>();
        for (long v : plan.validations()) {
            validations.add(fold(all, plan, v, s));
        }
        List<Fold> folds = new ArrayList<>();
        for (long t : plan.tests()) {
            folds.add(fold(all, plan, t, s));
        }
        Fold last = folds.get(folds.size() - 1);
        Map<String, Double> directions = TrainingRows.directions(last.train(), last.screen().kept());
        Dataset<Row> testRows = ForwardDataset.at(all, plan.tests());
        TestScores activity = collect(testRows, ChurnFeatures.USER_ID, ModelKind.ACTIVITY_RATE_FEATURE);

        List<ModelResult> results = new ArrayList<>();
        for (ModelKind kind : s.models()) {
            results.add(family(kind, s, validations, folds, directions));
        }
        FamilySelection selection = FamilySelection.choose(results);
        ModelResult best = selection.chosen();

        LabelledSplit split = LabelledSplit.of(last.train(), last.test());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("horizon_days", s.horizonDays());
        facts.put("cutoffs", cutoffs(plan));
        facts.put("test_cutoffs", plan.tests().stream().map(ForwardEvaluation::iso).toList());
        facts.put("test_cutoffs_requested", plan.requestedTests());
        Map<String, Object> moreRows = new LinkedHashMap<>();
        Scores validationLabels = best.validationScores().scores();
        moreRows.put("tune_fit", validations.get(0).train().count());
        moreRows.put("validation", (long) validationLabels.size());
        moreRows.put("validation_positives", validationLabels.positives());
        moreRows.put("test_pooled", (long) activity.size());
        moreRows.put("test_pooled_positives", activity.scores().positives());
        split.describeInto(facts, moreRows);
        facts.put("selected_by", SELECTION_METRIC);
        facts.put("features_used", last.screen().kept());
        facts.put("feature_train_auc", last.screen().trainAuc());
        facts.put("tuning_features_used", validations.get(validations.size() - 1).screen().kept());
        facts.put("validation_folds", validations.stream().map(f -> foldFacts(f, plan, best.validationScores())).toList());
        facts.put("family_selection", selection.toMap());
        facts.put("baselines", baselines(activity, folds));
        Map<String, Object> baseline = split.baseline();
        return new Outcome(new EvaluationOutcome("forward", facts, results, baseline, best), plan, testRows);
    }

    /** {@code base_rate} (each cut-off's training base rate for everyone) and {@code activity_rate}, pooled. */
    private static Map<String, Object> baselines(TestScores activity, List<Fold> folds) {
        // One constant for every row (pooled constants that differ by cut-off would rank the cut-offs).
        double[] constant = new double[activity.size()];
        java.util.Arrays.fill(constant, Scores.unscored(folds.get(folds.size() - 1).train()).baseRate());
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("base_rate", Map.of("description", "every user scored with the same constant (a training base rate)",
                "pooled", activity.withScores(constant).pooled(null)));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("description", "sessions per day since the user's first event before the cut-off ("
                + ModelKind.ACTIVITY_RATE_FEATURE + "); no fitting");
        a.put("pooled", activity.pooled(null));
        List<Map<String, Object>> per = new ArrayList<>();
        for (Fold f : folds) {
            Scores at = activity.at(f.cutoff());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cutoff", iso(f.cutoff()));
            m.put("rows", (long) at.size());
            m.put("positives", at.positives());
            m.put("auc_roc", BinaryMetrics.aucRoc(at));
            m.put("auc_pr", BinaryMetrics.aucPr(at));
            per.add(m);
        }
        a.put("per_cutoff", per);
        b.put("activity_rate", a);
        return b;
    }

    /** One cut-off's rows and the rows of the training cut-offs whose labels were known at it, screened. */
    private static Fold fold(Dataset<Row> all, CutoffPlan plan, long cutoff, TrainSettings s) {
        Dataset<Row> train = TrainingRows.materialized(TrainingRows.withClassWeights(ForwardDataset.at(all, plan.trainFor(cutoff))));
        return new Fold(cutoff, train, TrainingRows.materialized(ForwardDataset.at(all, List.of(cutoff))),
                FeatureScreening.screen(train, s.features(), s.minSeparation(), MIN_FEATURES));
    }

    /** A validation fold's cut-offs and rows; its labels from the scores already collected. */
    private static Map<String, Object> foldFacts(Fold f, CutoffPlan plan, TestScores validation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cutoff", iso(f.cutoff()));
        m.put("train_cutoffs", plan.trainFor(f.cutoff()).stream().map(ForwardEvaluation::iso).toList());
        m.put("train_rows", f.train().count());
        Scores labels = validation.at(f.cutoff());
        m.put("rows", (long) labels.size());
        m.put("positives", labels.positives());
        return m;
    }

    /**
     * One family: each grid point fitted per validation cut-off and scored on the pooled validation rows, then one
     * refit and one look per test cut-off with the best point.
     */
    private static ModelResult family(ModelKind kind, TrainSettings s, List<Fold> validations, List<Fold> folds,
                                      Map<String, Double> directions) {
        long t0 = System.nanoTime();
        ModelKind.Candidate c = kind.candidate(kind.features(folds.get(folds.size() - 1).screen().kept()), s.grid(), s.seed());
        ParamMap bestParams = null;
        TestScores bestValidation = null;
        double bestAucPr = Double.NEGATIVE_INFINITY;
        for (ParamMap pm : c.grid()) {
            TestScores v = null;
            for (Fold f : validations) {
                TestScores scored = collect(c.fit(f.train(), pm, kind.features(f.screen().kept())).transform(f.test()),
                        ChurnFeatures.USER_ID, null);
                v = v == null ? scored : v.concat(scored);
            }
            double aucPr = BinaryMetrics.aucPr(v.scores());
            if (bestParams == null || aucPr > bestAucPr) {
                bestAucPr = aucPr;
                bestParams = pm;
                bestValidation = v;
            }
        }
        FlagShare share = FlagShare.maxF1(bestValidation.scores());
        TestScores pooled = null;
        PipelineModel model = null;
        Map<String, Object> lastMetrics = null;
        List<Map<String, Object>> perCutoff = new ArrayList<>();
        for (Fold f : folds) {
            model = c.fit(f.train(), bestParams, kind.features(f.screen().kept()));
            TestScores scored = collect(model.transform(f.test()), ChurnFeatures.USER_ID, null);
            pooled = pooled == null ? scored : pooled.concat(scored);
            lastMetrics = BinaryMetrics.evaluate(scored.scores(), share.thresholdFor(scored.scores()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cutoff", iso(f.cutoff()));
            m.put("rows", lastMetrics.get("rows"));
            m.put("positives", lastMetrics.get("positives"));
            m.put("auc_roc", lastMetrics.get("auc_roc"));
            m.put("auc_pr", lastMetrics.get("auc_pr"));
            m.put("precision_flagged", lastMetrics.get("precision"));
            perCutoff.add(m);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> pooledFigures = pooled.pooled(share);
        ModelResult r = new ModelResult(kind, TrainingRows.describe(bestParams), SELECTION_METRIC, bestAucPr, share,
                "share flagged at the max-F1 point of the validation cut-offs' predictions (model fitted on the "
                        + "earlier cut-offs), applied as a quantile of each test cut-off's scores",
                lastMetrics, FeatureImportances.of(model, directions), model, seconds, pooled, pooledFigures, perCutoff,
                bestValidation);
        LOG.info("forward {}: validation AUC-PR {}, flags {} of users; pooled test AUC-ROC {} {} ({} s)", kind.id(),
                bestAucPr, share.share(), pooledFigures.get("auc_roc"),
                java.util.Arrays.toString((double[]) pooledFigures.get("auc_roc_ci")), Math.round(seconds));
        return r;
    }

    /**
     * (user, cut-off, score, label) of some rows: the churn probability of a model's predictions, or the value of a
     * column when {@code scoreColumn} is given.
     */
    static TestScores collect(Dataset<Row> rows, String userColumn, String scoreColumn) {
        List<Row> r = rows.select(col(userColumn).cast("string"), col(ChurnFeatures.AS_OF),
                scoreColumn == null ? Scores.churnProbability() : col(scoreColumn).cast("double"),
                col(ChurnLabels.LABEL)).collectAsList();
        String[] users = new String[r.size()];
        long[] cutoffs = new long[r.size()];
        double[] s = new double[r.size()];
        double[] l = new double[r.size()];
        for (int i = 0; i < r.size(); i++) {
            users[i] = r.get(i).getString(0);
            cutoffs[i] = r.get(i).getLong(1);
            s[i] = r.get(i).getDouble(2);
            l[i] = r.get(i).getDouble(3);
        }
        return new TestScores(users, cutoffs, new Scores(s, l));
    }

    /** The champion's scores of some forward rows, keyed like the challenger's. */
    public static TestScores score(PipelineModel model, Dataset<Row> rows) {
        return collect(model.transform(rows), ChurnFeatures.USER_ID, null);
    }

    private static Map<String, Object> cutoffs(CutoffPlan plan) {
        Map<String, Object> cut = new LinkedHashMap<>();
        cut.put("train", plan.train().stream().map(ForwardEvaluation::iso).toList());
        cut.put("tune_fit", plan.tuneFit().stream().map(ForwardEvaluation::iso).toList());
        cut.put("validation", iso(plan.validation()));
        cut.put("validations", plan.validations().stream().map(ForwardEvaluation::iso).toList());
        cut.put("test", iso(plan.test()));
        cut.put("test_horizon_end", iso(plan.test() + plan.horizonMs()));
        cut.put("tests", plan.tests().stream().map(ForwardEvaluation::iso).toList());
        return cut;
    }

    static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
