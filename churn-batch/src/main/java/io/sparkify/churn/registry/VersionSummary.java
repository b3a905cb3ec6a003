package io.sparkify.churn.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code models}: a version, its status and headline metrics.
 *
 * @param status {@code champion} (CHAMPION points at it), {@code retired} (was promoted, since replaced),
 *               {@code rejected} (a challenger that was not promoted) or {@code incomplete} (no metrics.json)
 */
public record VersionSummary(String version, String createdAt, String status, String model, Double forwardAucPr,
                             Double forwardAucRoc, Double forwardBaseRate, String testCutoff, String reason,
                             Double pooledAucRoc, double[] pooledAucRocCi, Double aucPrDifference,
                             double[] aucPrDifferenceCi) {

    public static List<VersionSummary> list(ModelRegistry registry) {
        String champion = registry.champion().orElse(null);
        List<VersionSummary> out = new ArrayList<>();
        for (String v : registry.versions()) {
            JsonNode m = registry.metrics(v);
            JsonNode cand = m.path("champion_candidate");
            boolean promoted = m.path("promotion").path("promoted").asBoolean(false);
            String status = v.equals(champion) ? "champion" : promoted ? "retired" : "rejected";
            out.add(new VersionSummary(v, m.path("created_at").asText(null), status, cand.path("model").asText(null),
                    num(cand.path("auc_pr")), num(cand.path("auc_roc")), num(cand.path("test_base_rate")),
                    m.path("evaluations").path("forward").path("cutoffs").path("test").asText(null),
                    m.path("promotion").path("reason").asText(null),
                    num(cand.path("pooled").path("auc_roc")), pair(cand.path("pooled").path("auc_roc_ci")),
                    num(m.path("promotion").path("comparison").path("auc_pr_difference")),
                    pair(m.path("promotion").path("comparison").path("auc_pr_difference_ci"))));
        }
        for (String v : registry.incompleteVersions()) {
            out.add(new VersionSummary(v, null, "incomplete", null, null, null, null, null, "no metrics.json: the run did not finish",
                    null, null, null, null));
        }
        out.sort((a, b) -> a.version.compareTo(b.version));
        return out;
    }

    private static double[] pair(JsonNode n) {
        return n.isArray() && n.size() == 2 && n.get(0).isNumber() && n.get(1).isNumber()
                ? new double[] {n.get(0).asDouble(), n.get(1).asDouble()} : null;
    }

    private static Double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("created_at", createdAt);
        m.put("status", status);
        m.put("model", model);
        m.put("forward_auc_pr", forwardAucPr);
        m.put("forward_auc_roc", forwardAucRoc);
        m.put("forward_base_rate", forwardBaseRate);
        m.put("test_cutoff", testCutoff);
        m.put("reason", reason);
        // Pooled rolling-origin AUC-ROC of the version and, when it was compared with a champion, the paired
        // bootstrap interval of its AUC-PR minus the champion's on the same rows (null before issue 13's format).
        m.put("pooled_auc_roc", pooledAucRoc);
        m.put("pooled_auc_roc_ci", pooledAucRocCi);
        m.put("auc_pr_difference_vs_champion", aucPrDifference);
        m.put("auc_pr_difference_vs_champion_ci", aucPrDifferenceCi);
        return m;
    }
}
