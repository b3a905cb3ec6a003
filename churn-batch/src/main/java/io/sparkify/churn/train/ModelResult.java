package io.sparkify.churn.train;

import io.sparkify.churn.model.ModelKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;

/**
 * One model family's outcome in one evaluation.
 *
 * @param kind the family
 * @param params the chosen hyper-parameters
 * @param selectionMetric name of the metric that chose them (e.g. {@code cv_auc_pr})
 * @param selectionValue its value for the chosen parameters
 * @param thresholdSource where the churn threshold was chosen (always training data)
 * @param metrics test metrics ({@link io.sparkify.churn.model.BinaryMetrics#evaluate})
 * @param importances per-feature importances of the final model
 * @param model the final fitted pipeline
 */
public record ModelResult(ModelKind kind, Map<String, Object> params, String selectionMetric, double selectionValue,
                          String thresholdSource, Map<String, Object> metrics, List<Map<String, Object>> importances,
                          PipelineModel model) {

    public double metric(String name) {
        return ((Number) metrics.get(name)).doubleValue();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", kind.displayName());
        m.put("params", params);
        m.put("selection", Map.of("metric", selectionMetric, "value", selectionValue));
        m.put("threshold_source", thresholdSource);
        m.put("metrics", metrics);
        m.put("importances", importances);
        return m;
    }
}
