package io.sparkify.churn.report.html;

import io.sparkify.churn.report.model.CandidateMetrics;
import io.sparkify.churn.report.model.ModelMetricsReader;
import io.sparkify.churn.report.model.ModelReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How good the model is: comparison table, curves, confusion matrix, importances, calibration, history. */
public final class ModelSection {

    private ModelSection() {
    }

    public static ReportPages.ModelPart build(ModelReport r) {
        List<Block> blocks = new ArrayList<>();
        if (!r.pooled().isEmpty()) {
            blocks.add(pooled(r));
        }
        blocks.add(comparison(r));
        blocks.add(ModelCurves.roc(r));
        blocks.add(ModelCurves.pr(r));
        r.champion().ifPresent(c -> blocks.add(ModelDiagnostics.confusion(c)));
        r.champion().ifPresent(c -> blocks.add(ModelDiagnostics.importances(c)));
        r.champion().ifPresent(c -> blocks.add(ModelCurves.calibration(c)));
        blocks.add(ModelDiagnostics.history(r));
        Section section = new Section("model", "How good the model is",
                "Version " + r.version() + " (" + r.status() + ") of the registry " + r.registry() + ". The forward "
                        + "evaluation is point-in-time: features from events before a cut-off, label = churn within the "
                        + "horizon after it, tested on the latest cut-off (" + r.testWindow() + ") with models trained on "
                        + "earlier ones; it chooses the champion. The classic evaluation (whole histories, stratified "
                        + "split) is comparable with the seed notebook. The baseline predicts the training base rate "
                        + "for everyone. Thresholds are chosen on training data.", blocks);
        return new ReportPages.ModelPart(section, findings(r));
    }

    private static List<String> findings(ModelReport r) {
        Optional<CandidateMetrics> champion = r.champion();
        if (champion.isEmpty()) {
            return List.of("Model: version " + r.version() + " has no forward evaluation to summarise.");
        }
        CandidateMetrics c = champion.get();
        return List.of("Model: " + c.name() + " (version " + r.version() + ", " + r.status() + ") ranks future churners "
                + "with AUC-ROC " + Fmt.metric(c.aucRoc()) + " and AUC-PR " + Fmt.metric(c.aucPr()) + " against a base rate of "
                + Fmt.metric(c.baseRate()) + " (" + Fmt.times(c.aucPr(), c.baseRate()) + "); at its threshold it catches "
                + c.tp() + " of " + (c.tp() + c.fn()) + " churners with precision " + Fmt.pct0(c.precision()) + ".");
    }

    /** The rolling-origin figures with their bootstrap intervals, beside the activity_rate rule. */
    private static TableBlock pooled(ModelReport r) {
        List<List<String>> rows = new ArrayList<>();
        for (ModelReport.Pooled p : r.pooled()) {
            rows.add(List.of(p.name() + (p.selected() ? " ★" : ""), Fmt.count(p.rows()), Fmt.count(p.positives()),
                    Fmt.metric(p.aucRoc()) + " [" + Fmt.metric(p.aucRocLo()) + ", " + Fmt.metric(p.aucRocHi()) + "]",
                    Fmt.metric(p.aucPr()) + " [" + Fmt.metric(p.aucPrLo()) + ", " + Fmt.metric(p.aucPrHi()) + "]",
                    Fmt.metric(p.liftTop10())));
        }
        return new TableBlock("table-model-pooled", "Forward test pooled over the test cut-offs, with 95% intervals",
                "Each test cut-off is scored by a model fitted only on the cut-offs before it; intervals resample users. "
                        + "activity_rate ranks users by sessions per day: a model is only worth it where it beats that line."
                        + (r.selection().isEmpty() ? "" : " ★ chosen on validation: " + r.selection() + "."),
                List.of("model (★ selected)", "rows", "churn", "AUC-ROC [95%]", "AUC-PR [95%]", "lift top 10%"), rows, true);
    }

    private static TableBlock comparison(ModelReport r) {
        List<List<String>> rows = new ArrayList<>();
        for (CandidateMetrics c : r.candidates()) {
            rows.add(List.of(c.evaluation(), c.name() + (c.best() ? " ★" : ""), Fmt.metric(c.aucRoc()), Fmt.metric(c.aucPr()),
                    Fmt.metric(c.baseRate()), Fmt.metric(c.threshold()), Fmt.metric(c.precision()), Fmt.metric(c.recall()),
                    Fmt.metric(c.f1()), Fmt.metric(c.weightedF1()), Fmt.metric(c.accuracy()),
                    Fmt.count(c.tp()), Fmt.count(c.fp()), Fmt.count(c.tn()), Fmt.count(c.fn())));
        }
        return new TableBlock("table-model-comparison", "Candidate models on every metric (test data)",
                comparisonReading(r), List.of("evaluation", "model (★ selected)", "AUC-ROC", "AUC-PR", "base rate",
                "threshold", "precision", "recall", "F1 (churn)", "weighted F1", "accuracy", "TP", "FP", "TN", "FN"), rows, true);
    }

    private static String comparisonReading(ModelReport r) {
        List<String> parts = new ArrayList<>();
        for (String evaluation : List.of(ModelMetricsReader.FORWARD, ModelMetricsReader.CLASSIC)) {
            Optional<CandidateMetrics> best = r.of(evaluation).stream().filter(c -> !c.isBaseline() && !Double.isNaN(c.aucPr()))
                    .max(java.util.Comparator.comparingDouble(CandidateMetrics::aucPr));
            Optional<CandidateMetrics> base = r.baseline(evaluation);
            if (best.isPresent() && base.isPresent()) {
                CandidateMetrics b = best.get();
                parts.add(evaluation + ": " + b.name() + " has the best test AUC-PR, " + Fmt.metric(b.aucPr()) + " ("
                        + Fmt.times(b.aucPr(), b.baseRate()) + " the base rate " + Fmt.metric(b.baseRate()) + "), AUC-ROC "
                        + Fmt.metric(b.aucRoc()) + " vs " + Fmt.metric(base.get().aucRoc()) + " for the baseline, churn F1 "
                        + Fmt.metric(b.f1()) + " vs " + Fmt.metric(base.get().f1()));
            }
        }
        return parts.isEmpty() ? "No evaluation with models." : String.join("; ", parts) + ".";
    }
}
