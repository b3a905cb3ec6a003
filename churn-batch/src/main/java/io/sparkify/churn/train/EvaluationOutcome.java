package io.sparkify.churn.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation's results: the models, the trivial baseline, and the evaluation's own facts (rows, windows).
 *
 * @param name {@code classic} or {@code forward}
 * @param facts rows, positives, base rates, cut-offs... (the evaluation object's fields besides the models)
 * @param models one result per model family, in training order
 * @param baseline the metrics of scoring every test row with the training base rate
 * @param best the model chosen by this evaluation's selection metric (never by its test metrics)
 */
public record EvaluationOutcome(String name, Map<String, Object> facts, List<ModelResult> models,
                                Map<String, Object> baseline, ModelResult best) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(facts);
        m.put("best_model", best.kind().id());
        Map<String, Object> ms = new LinkedHashMap<>();
        for (ModelResult r : models) {
            ms.put(r.kind().id(), r.toMap());
        }
        m.put("models", ms);
        m.put("baseline", baseline);
        return m;
    }
}
