package io.sparkify.churn.train;

import io.sparkify.churn.features.ChurnLabels;
import io.sparkify.churn.features.CutoffPlan;
import io.sparkify.churn.features.ForwardDataset;
import io.sparkify.churn.io.DataQuality;
import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.FeatureImportances;
import io.sparkify.churn.model.FeatureScreening;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.model.Scores;
import java.time.Instant;
import java.util.ArrayList;
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
 * The point-in-time evaluation that picks the champion (see {@link CutoffPlan}): hyper-parameters and threshold
 * chosen by fitting on the earlier training cut-offs and scoring the validation cut-off, the final model fitted
 * on all training cut-offs and scored once on the test cut-off.
 */
public final class ForwardEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardEvaluation.class);

    /** The evaluation's results and the test rows (kept to re-evaluate the current champion on them). */
    public record Outcome(EvaluationOutcome evaluation, CutoffPlan plan, Dataset<Row> testRows) {
    }

    private ForwardEvaluation() {
    }

    public static Outcome run(Dataset<Row> events, Dataset<Row> churnTimes, DataQuality quality, TrainSettings s) {
        CutoffPlan plan = CutoffPlan.plan(quality.firstEventMs(), quality.lastEventMs(), s.horizonDays(),
                s.cutoffStepDays(), s.minHistoryDays());
        List<Long> all = new ArrayList<>(plan.train());
        all.add(plan.test());
        Dataset<Row> rows = ForwardDataset.build(events, churnTimes, all, plan.horizonMs())
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> train = TrainingRows.withClassWeights(ForwardDataset.at(rows, plan.train())).persist();
        Dataset<Row> tuneFit = TrainingRows.withClassWeights(ForwardDataset.at(rows, plan.tuneFit())).persist();
        Dataset<Row> validation = ForwardDataset.at(rows, List.of(plan.validation())).persist();
        Dataset<Row> test = ForwardDataset.at(rows, List.of(plan.test())).persist();

        FeatureScreening.Result screening = FeatureScreening.screen(train, s.features(), s.minSeparation(), 5);
        List<String> features = screening.kept();
        Map<String, Double> directions = TrainingRows.directions(train, features);
        List<ModelResult> results = new ArrayList<>();
        for (ModelKind kind : s.models()) {
            long t0 = System.nanoTime();
            ModelKind.Candidate c = kind.candidate(features, s.grid(), s.seed());
            ParamMap bestParams = null;
            Scores bestValidation = null;
            double bestAucPr = Double.NEGATIVE_INFINITY;
            for (ParamMap pm : c.grid()) {
                PipelineModel m = c.pipeline().fit(tuneFit, pm);
                Scores v = Scores.collect(m.transform(validation));
                double aucPr = BinaryMetrics.aucPr(v);
                if (aucPr > bestAucPr || bestParams == null) {
                    bestAucPr = aucPr;
                    bestParams = pm;
                    bestValidation = v;
                }
            }
            double threshold = BinaryMetrics.maxF1Threshold(bestValidation);
            PipelineModel model = c.pipeline().fit(train, bestParams);
            Scores testScores = Scores.collect(model.transform(test));
            results.add(new ModelResult(kind, TrainingRows.describe(bestParams), "validation_auc_pr", bestAucPr,
                    "max F1 on the validation cut-off's predictions of the model fitted on the earlier cut-offs",
                    BinaryMetrics.evaluate(testScores, threshold), FeatureImportances.of(model, directions), model));
            LOG.info("forward {}: validation AUC-PR {}, test AUC-PR {} ({} s)", kind.id(), bestAucPr,
                    results.get(results.size() - 1).metric("auc_pr"), (System.nanoTime() - t0) / 1_000_000_000L);
        }
        Scores trainLabels = Scores.collect(results.get(0).model().transform(train));
        Scores testLabels = Scores.collect(results.get(0).model().transform(test));
        // The champion candidate is the family with the best forward test AUC-PR, the metric promotion compares;
        // each family's hyper-parameters and threshold were still chosen without the test rows.
        ModelResult best = results.stream().max((a, b) -> Double.compare(a.metric("auc_pr"), b.metric("auc_pr"))).orElseThrow();

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("horizon_days", s.horizonDays());
        Map<String, Object> cut = new LinkedHashMap<>();
        cut.put("train", plan.train().stream().map(ForwardEvaluation::iso).toList());
        cut.put("tune_fit", plan.tuneFit().stream().map(ForwardEvaluation::iso).toList());
        cut.put("validation", iso(plan.validation()));
        cut.put("test", iso(plan.test()));
        cut.put("test_horizon_end", iso(plan.test() + plan.horizonMs()));
        facts.put("cutoffs", cut);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("train", trainLabels.size());
        counts.put("train_positives", Math.round(trainLabels.baseRate() * trainLabels.size()));
        counts.put("validation", validation.count());
        counts.put("test", testLabels.size());
        counts.put("test_positives", Math.round(testLabels.baseRate() * testLabels.size()));
        facts.put("rows", counts);
        facts.put("train_base_rate", trainLabels.baseRate());
        facts.put("test_base_rate", testLabels.baseRate());
        facts.put("selected_by", "test_auc_pr");
        facts.put("features_used", features);
        facts.put("feature_train_auc", screening.trainAuc());
        Map<String, Object> baseline = Baseline.evaluate(trainLabels, testLabels);

        train.unpersist();
        tuneFit.unpersist();
        validation.unpersist();
        rows.unpersist();
        return new Outcome(new EvaluationOutcome("forward", facts, results, baseline, best), plan, test);
    }

    static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
