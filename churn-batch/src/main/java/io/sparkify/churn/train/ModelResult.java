package io.sparkify.churn.train;

import io.sparkify.churn.model.FlagShare;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.model.TestScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;

/**
 * One model family's outcome in one evaluation.
 *
 * @param kind the family
 * @param params the chosen hyper-parameters
 * @param selectionMetric name of the metric that chose them and compares families (e.g. {@code cv_auc_pr})
 * @param selectionValue its value for the chosen parameters
 * @param flagShare the share of scored users flagged as churners, chosen on training data
 * @param thresholdSource where the flagged share was chosen (always training data)
 * @param metrics test metrics ({@link io.sparkify.churn.model.BinaryMetrics#evaluate})
 * @param importances per-feature importances of the final model
 * @param model the final fitted pipeline
 * @param trainingSeconds wall time of the family's search, final fit and test scoring
 * @param testScores forward evaluation: the pooled rolling-origin test scores (null in the classic evaluation)
 * @param pooled forward evaluation: the pooled figures ({@link TestScores#pooled}); null in the classic one
 * @param perCutoff forward evaluation: {@code {cutoff, train_rows, metrics}} per test cut-off; null in the classic one
 * @param validationScores forward evaluation: the chosen parameters' scores of the pooled validation rows (each
 *        validation cut-off by the model fitted before it); null in the classic one
 */
public record ModelResult(ModelKind kind, Map<String, Object> params, String selectionMetric, double selectionValue,
                          FlagShare flagShare, String thresholdSource, Map<String, Object> metrics,
                          List<Map<String, Object>> importances, PipelineModel model, double trainingSeconds,
                          TestScores testScores, Map<String, Object> pooled, List<Map<String, Object>> perCutoff,
                          TestScores validationScores) {

    public double metric(String name) {
        return ((Number) metrics.get(name)).doubleValue();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", kind.displayName());
        m.put("params", params);
        m.put("selection", Map.of("metric", selectionMetric, "value", selectionValue));
        m.put("flag_share", flagShare.share());
        m.put("threshold_source", thresholdSource);
        m.put("training_seconds", trainingSeconds);
        m.put("metrics", metrics);
        if (pooled != null) {
            m.put("pooled", pooled);
            m.put("per_cutoff", perCutoff);
        }
        m.put("importances", importances);
        return m;
    }
}
