package io.sparkify.churn.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.churn.registry.VersionSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the registry's metrics.json files (format of {@code docs/churn.md}) into a {@link ModelReport}.
 */
public final class ModelMetricsReader {

    public static final String FORWARD = "forward";
    public static final String CLASSIC = "classic";
    public static final String BASELINE = "baseline";

    private ModelMetricsReader() {
    }

    /** Empty when the registry holds no complete version. */
    public static Optional<ModelReport> read(ModelRegistry registry) {
        List<String> versions = registry.versions();
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        String version = registry.champion().filter(versions::contains).orElse(versions.get(versions.size() - 1));
        List<VersionSummary> history = VersionSummary.list(registry).stream()
                .filter(v -> !"incomplete".equals(v.status())).toList();
        String status = history.stream().filter(v -> v.version().equals(version)).map(VersionSummary::status)
                .findFirst().orElse("unknown");
        JsonNode metrics = registry.metrics(version);
        JsonNode evaluations = metrics.path("evaluations");
        List<CandidateMetrics> candidates = new ArrayList<>();
        for (String evaluation : List.of(FORWARD, CLASSIC)) {
            JsonNode e = evaluations.path(evaluation);
            if (e.isMissingNode()) {
                continue;
            }
            String best = e.path("best_model").asText("");
            for (Iterator<Map.Entry<String, JsonNode>> it = e.path("models").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                candidates.add(candidate(evaluation, m.getKey(), m.getValue().path("name").asText(m.getKey()),
                        m.getKey().equals(best), m.getValue()));
            }
            candidates.add(candidate(evaluation, BASELINE, "baseline: " + e.path("baseline").path("name").asText("base rate"),
                    false, e.path("baseline")));
        }
        JsonNode cut = evaluations.path(FORWARD).path("cutoffs");
        String window = cut.path("test").asText("?") + " + " + evaluations.path(FORWARD).path("horizon_days").asText("?")
                + " days";
        List<ModelReport.Pooled> pooled = new ArrayList<>();
        JsonNode fwd = evaluations.path(FORWARD);
        for (Iterator<Map.Entry<String, JsonNode>> it = fwd.path("models").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (m.getValue().has("pooled")) {
                pooled.add(pooled(m.getValue().path("name").asText(m.getKey()),
                        m.getKey().equals(fwd.path("best_model").asText("")), m.getValue().path("pooled")));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fwd.path("baselines").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> b = it.next();
            pooled.add(pooled("baseline: " + b.getKey(), false, b.getValue().path("pooled")));
        }
        String tests = fwd.path("test_cutoffs").isArray() && fwd.path("test_cutoffs").size() > 0
                ? "; pooled over the test cut-offs " + fwd.path("test_cutoffs") : "";
        return Optional.of(new ModelReport(version, status, registry.root(), window + tests, candidates, history, pooled,
                fwd.path("family_selection").path("reason").asText("")));
    }

    private static ModelReport.Pooled pooled(String name, boolean selected, JsonNode p) {
        return new ModelReport.Pooled(name, selected, p.path("rows").asLong(), p.path("positives").asLong(),
                d(p.path("auc_roc")), d(p.path("auc_roc_ci").path(0)), d(p.path("auc_roc_ci").path(1)),
                d(p.path("auc_pr")), d(p.path("auc_pr_ci").path(0)), d(p.path("auc_pr_ci").path(1)), d(p.path("lift_top10")));
    }

    private static double d(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static CandidateMetrics candidate(String evaluation, String id, String name, boolean best, JsonNode node) {
        JsonNode m = node.path("metrics");
        JsonNode c = m.path("confusion");
        return new CandidateMetrics(evaluation, id, name, best,
                num(m, "auc_roc"), num(m, "auc_pr"), num(m, "base_rate"), num(m, "threshold"),
                num(m, "precision"), num(m, "recall"), num(m, "f1"), num(m, "weighted_f1"), num(m, "accuracy"),
                c.path("tp").asLong(), c.path("fp").asLong(), c.path("tn").asLong(), c.path("fn").asLong(),
                points(m.path("roc_curve")), points(m.path("pr_curve")), calibration(m.path("calibration")),
                importances(node.path("importances")));
    }

    private static double num(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static List<double[]> points(JsonNode array) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode p : array) {
            out.add(new double[] {p.path(0).asDouble(), p.path(1).asDouble()});
        }
        return out;
    }

    private static List<CandidateMetrics.CalibrationBin> calibration(JsonNode array) {
        List<CandidateMetrics.CalibrationBin> out = new ArrayList<>();
        for (JsonNode b : array) {
            out.add(new CandidateMetrics.CalibrationBin(num(b, "lower"), num(b, "upper"), b.path("rows").asLong(),
                    num(b, "mean_predicted"), num(b, "observed_rate")));
        }
        return out;
    }

    private static List<CandidateMetrics.Importance> importances(JsonNode array) {
        List<CandidateMetrics.Importance> out = new ArrayList<>();
        for (JsonNode i : array) {
            out.add(new CandidateMetrics.Importance(i.path("feature").asText(), num(i, "importance"), num(i, "signed_weight")));
        }
        return out;
    }
}
