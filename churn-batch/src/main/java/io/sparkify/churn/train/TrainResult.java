package io.sparkify.churn.train;

import io.sparkify.churn.registry.Promotion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code train} did.
 *
 * @param version the registered version
 * @param decision whether it was promoted and why
 * @param champion the champion after this run
 * @param metrics the full metrics.json content
 * @param forward the forward evaluation (with the fitted models)
 * @param classic the classic evaluation, or null when skipped
 */
public record TrainResult(String version, Promotion.Decision decision, String champion, Map<String, Object> metrics,
                          EvaluationOutcome forward, EvaluationOutcome classic) {

    /** The one-object {@code train --json} summary. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("promoted", decision.promoted());
        m.put("outcome", decision.toMap().get("outcome"));
        m.put("champion", champion);
        m.put("reason", decision.reason());
        m.put("model", forward.best().kind().id());
        m.put("training_seconds", metrics.get("training_seconds"));
        Map<String, Object> evals = new LinkedHashMap<>();
        evals.put("forward", headline(forward));
        if (classic != null) {
            evals.put("classic", headline(classic));
        }
        m.put("metrics", evals);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> headline(EvaluationOutcome e) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ModelResult r : e.models()) {
            Map<String, Object> m = pick(r.metrics());
            if (r.pooled() != null) {
                m.put("pooled", r.pooled());
            }
            out.put(r.kind().id(), m);
        }
        out.put("baseline", pick((Map<String, Object>) e.baseline().get("metrics")));
        if (e.facts().get("baselines") instanceof Map<?, ?> baselines) {
            Map<String, Object> b = new LinkedHashMap<>();
            baselines.forEach((k, v) -> b.put((String) k, ((Map<String, Object>) v).get("pooled")));
            out.put("baselines", b);
        }
        return out;
    }

    private static Map<String, Object> pick(Map<String, Object> metrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : new String[] {"auc_roc", "auc_pr", "base_rate", "precision", "recall", "f1", "weighted_f1", "accuracy"}) {
            m.put(k, metrics.get(k));
        }
        return m;
    }
}
