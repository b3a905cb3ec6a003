package io.sparkify.churn.report.html;

import io.sparkify.churn.registry.VersionSummary;
import io.sparkify.churn.report.model.CandidateMetrics;
import io.sparkify.churn.report.model.ModelReport;
import java.util.List;

/** The champion's confusion matrix and feature importances, and the registry's history. */
final class ModelDiagnostics {

    static final int TOP_FEATURES = 15;

    private ModelDiagnostics() {
    }

    static ChartBlock confusion(CandidateMetrics m) {
        // x: predicted (stays, churns); y: actual (churned on top). Cells: {x, y, count}.
        List<int[]> cells = List.of(new int[] {0, 0, (int) m.fn()}, new int[] {1, 0, (int) m.tp()},
                new int[] {0, 1, (int) m.tn()}, new int[] {1, 1, (int) m.fp()});
        long max = Math.max(Math.max(m.tp(), m.fp()), Math.max(m.tn(), m.fn()));
        ChartOption c = new ChartOption()
                .categoryX("predicted", List.of("predicted: stays", "predicted: churns"))
                .categoryY("actual", List.of("actually churned", "actually stayed"))
                .noLegend()
                .heatmap("users", cells, max)
                .gridLeft(24);
        long flagged = m.tp() + m.fp();
        String reading = "At threshold " + Fmt.metric(m.threshold()) + " (chosen on training data) " + m.name() + " flags "
                + flagged + " of " + (m.tp() + m.fp() + m.tn() + m.fn()) + " test users: " + m.tp() + " of the "
                + (m.tp() + m.fn()) + " who churned (recall " + Fmt.pct0(m.recall()) + ") and " + m.fp()
                + " who did not (precision " + Fmt.pct0(m.precision()) + ").";
        return new ChartBlock("chart-confusion", "Confusion matrix of " + m.name() + " (forward test)", reading, c.build(), 320, false);
    }

    static ChartBlock importances(CandidateMetrics m) {
        List<CandidateMetrics.Importance> top = m.importances().stream().limit(TOP_FEATURES).toList();
        List<String> names = top.stream().map(CandidateMetrics.Importance::feature).toList();
        ChartOption c = new ChartOption()
                .categoryY("feature", names)
                .valueX("share of importance")
                .bar("raises churn risk", Palette.CHURNED, top.stream().map(i -> i.signedWeight() >= 0 ? i.importance() : 0.0).toList(), "imp")
                .bar("lowers churn risk", Palette.STAYED, top.stream().map(i -> i.signedWeight() < 0 ? i.importance() : 0.0).toList(), "imp");
        String reading = top.isEmpty() ? "The version lists no importances."
                : "The top " + Math.min(3, top.size()) + " features carry " + Fmt.pct0(top.stream().limit(3)
                .mapToDouble(CandidateMetrics.Importance::importance).sum()) + " of " + m.name() + "'s importance: "
                + String.join(", ", top.stream().limit(3).map(i -> i.feature() + " (" + Fmt.pct0(i.importance()) + ", "
                + (i.signedWeight() >= 0 ? "higher = riskier" : "higher = safer") + ")").toList()) + ".";
        return new ChartBlock("chart-feature-importance", "Feature importances of " + m.name(), reading, c.build(),
                Math.max(300, 70 + 24 * top.size()), false);
    }

    static ChartBlock history(ModelReport r) {
        List<VersionSummary> h = r.history();
        List<String> labels = h.stream().map(v -> v.version() + "\n" + v.status() + (v.model() == null ? "" : " · " + v.model())).toList();
        ChartOption c = new ChartOption()
                .categoryX("registry version (oldest first)", labels)
                .valueY("forward test metric")
                .line("AUC-PR", Palette.CHURNED, h.stream().map(v -> (Number) v.forwardAucPr()).toList())
                .line("AUC-ROC", Palette.STAYED, h.stream().map(v -> (Number) v.forwardAucRoc()).toList())
                .line("base rate", Palette.NEUTRAL, h.stream().map(v -> (Number) v.forwardBaseRate()).toList());
        long promoted = h.stream().filter(v -> !"rejected".equals(v.status())).count();
        VersionSummary last = h.isEmpty() ? null : h.get(h.size() - 1);
        String reading = h.isEmpty() ? "No versions."
                : h.size() + " version(s) trained, " + promoted + " promoted; the latest, " + last.version() + " (" + last.status()
                + "), has forward AUC-PR " + Fmt.metric(last.forwardAucPr() == null ? Double.NaN : last.forwardAucPr())
                + (last.reason() == null ? "." : ": " + last.reason());
        return new ChartBlock("chart-champion-history", "Champion history across retrainings", reading, c.build(), 360, false);
    }
}
