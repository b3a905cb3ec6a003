package io.sparkify.churn.train;

import io.sparkify.churn.features.CutoffPlan;
import io.sparkify.churn.features.ForwardDataset;
import io.sparkify.churn.io.DataQuality;
import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.FeatureImportances;
import io.sparkify.churn.model.FeatureScreening;
import io.sparkify.churn.model.FlagShare;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.model.Scores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The point-in-time evaluation that picks the champion (see {@link CutoffPlan}).
 *
 * <p>Everything that is chosen is chosen without the test cut-off: on the rows of the earlier cut-offs whose labels
 * were known at the validation cut-off ({@code tune_fit}) the features are screened and each family's grid is
 * fitted; scoring the validation cut-off picks the hyper-parameters, the share of users to flag and the family
 * (the champion candidate). Then the candidate procedure is rerun on all training cut-offs (screening included)
 * and the final models score the test cut-off once, for reporting and for the champion/challenger comparison.
 */
public final class ForwardEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardEvaluation.class);
    /** Screening keeps at least this many features, whatever their separation. */
    static final int MIN_FEATURES = 5;
    static final String SELECTION_METRIC = "validation_auc_pr";

    /** The evaluation's results and the test rows (kept to re-evaluate the current champion on them). */
    public record Outcome(EvaluationOutcome evaluation, CutoffPlan plan, Dataset<Row> testRows) {
    }

    /**
     * The rows of one run, each a local checkpoint ({@link TrainingRows#materialized}): Spark frees their blocks
     * once they are no longer referenced, so there is nothing to unpersist.
     */
    private record Rows(Dataset<Row> train, Dataset<Row> tuneFit, Dataset<Row> validation, Dataset<Row> test) {
    }

    private ForwardEvaluation() {
    }

    public static Outcome run(Dataset<Row> events, Dataset<Row> churnTimes, DataQuality quality, TrainSettings s) {
        CutoffPlan plan = CutoffPlan.plan(quality.firstEventMs(), quality.lastEventMs(), s.horizonDays(),
                s.cutoffStepDays(), s.minHistoryDays());
        Rows rows = rows(events, churnTimes, plan);

        // Tuning may only look at what was known at the validation cut-off: screening included.
        FeatureScreening.Result tuning = FeatureScreening.screen(rows.tuneFit(), s.features(), s.minSeparation(), MIN_FEATURES);
        FeatureScreening.Result finalScreen = FeatureScreening.screen(rows.train(), s.features(), s.minSeparation(), MIN_FEATURES);
        Map<String, Double> directions = TrainingRows.directions(rows.train(), finalScreen.kept());
        List<ModelResult> results = new ArrayList<>();
        for (ModelKind kind : s.models()) {
            results.add(family(kind, s, rows, tuning.kept(), finalScreen.kept(), directions));
        }
        ModelResult best = results.stream().max(Comparator.comparingDouble(ModelResult::selectionValue)).orElseThrow();

        LabelledSplit split = LabelledSplit.of(rows.train(), rows.test());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("horizon_days", s.horizonDays());
        facts.put("cutoffs", cutoffs(plan));
        Map<String, Object> validationRows = new LinkedHashMap<>();
        Scores validation = Scores.unscored(rows.validation());
        validationRows.put("tune_fit", rows.tuneFit().count());
        validationRows.put("validation", (long) validation.size());
        validationRows.put("validation_positives", validation.positives());
        split.describeInto(facts, validationRows);
        facts.put("selected_by", SELECTION_METRIC);
        facts.put("features_used", finalScreen.kept());
        facts.put("feature_train_auc", finalScreen.trainAuc());
        facts.put("tuning_features_used", tuning.kept());
        Map<String, Object> baseline = split.baseline();
        return new Outcome(new EvaluationOutcome("forward", facts, results, baseline, best), plan, rows.test());
    }

    private static Rows rows(Dataset<Row> events, Dataset<Row> churnTimes, CutoffPlan plan) {
        List<Long> cutoffs = new ArrayList<>(plan.train());
        cutoffs.add(plan.test());
        Dataset<Row> all = ForwardDataset.build(events, churnTimes, cutoffs, plan.horizonMs())
                .persist(StorageLevel.MEMORY_AND_DISK());
        Rows rows = new Rows(
                TrainingRows.materialized(TrainingRows.withClassWeights(ForwardDataset.at(all, plan.train()))),
                TrainingRows.materialized(TrainingRows.withClassWeights(ForwardDataset.at(all, plan.tuneFit()))),
                TrainingRows.materialized(ForwardDataset.at(all, List.of(plan.validation()))),
                TrainingRows.materialized(ForwardDataset.at(all, List.of(plan.test()))));
        // The slices are materialized with their lineage cut: nothing reads the cut-off rows again.
        all.unpersist();
        return rows;
    }

    /** One family: grid search and flagged share on the validation cut-off, final fit, one look at the test. */
    private static ModelResult family(ModelKind kind, TrainSettings s, Rows rows, List<String> tuningFeatures,
                                      List<String> finalFeatures, Map<String, Double> directions) {
        long t0 = System.nanoTime();
        ModelKind.Candidate c = kind.candidate(finalFeatures, s.grid(), s.seed());
        ParamMap bestParams = null;
        Scores bestValidation = null;
        double bestAucPr = Double.NEGATIVE_INFINITY;
        for (ParamMap pm : c.grid()) {
            Scores v = Scores.collect(c.fit(rows.tuneFit(), pm, tuningFeatures).transform(rows.validation()));
            double aucPr = BinaryMetrics.aucPr(v);
            if (bestParams == null || aucPr > bestAucPr) {
                bestAucPr = aucPr;
                bestParams = pm;
                bestValidation = v;
            }
        }
        FlagShare share = FlagShare.maxF1(bestValidation);
        PipelineModel model = c.fit(rows.train(), bestParams, finalFeatures);
        Scores test = Scores.collect(model.transform(rows.test()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        ModelResult r = new ModelResult(kind, TrainingRows.describe(bestParams), SELECTION_METRIC, bestAucPr, share,
                "share flagged at the max-F1 point of the validation cut-off's predictions (model fitted on the "
                        + "earlier cut-offs), applied as a quantile of the final model's scores",
                BinaryMetrics.evaluate(test, share.thresholdFor(test)), FeatureImportances.of(model, directions), model,
                seconds);
        LOG.info("forward {}: validation AUC-PR {}, flags {} of users; test AUC-PR {} ({} s)", kind.id(), bestAucPr,
                share.share(), r.metric("auc_pr"), Math.round(seconds));
        return r;
    }

    private static Map<String, Object> cutoffs(CutoffPlan plan) {
        Map<String, Object> cut = new LinkedHashMap<>();
        cut.put("train", plan.train().stream().map(ForwardEvaluation::iso).toList());
        cut.put("tune_fit", plan.tuneFit().stream().map(ForwardEvaluation::iso).toList());
        cut.put("validation", iso(plan.validation()));
        cut.put("test", iso(plan.test()));
        cut.put("test_horizon_end", iso(plan.test() + plan.horizonMs()));
        return cut;
    }

    static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
