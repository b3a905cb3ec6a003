package io.sparkify.churn.report.html;

import io.sparkify.churn.report.model.CandidateMetrics;
import io.sparkify.churn.report.model.ModelMetricsReader;
import io.sparkify.churn.report.model.ModelReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** ROC, precision-recall and calibration curves. */
final class ModelCurves {

    private ModelCurves() {
    }

    static ChartBlock roc(ModelReport r) {
        ChartOption c = new ChartOption().unitSquare("false positive rate", "true positive rate (recall)");
        curves(c, r, true);
        c.xyLine("chance", Palette.NEUTRAL, List.of(new double[] {0, 0}, new double[] {1, 1}), true, false);
        String reading = r.champion().map(ch -> "The champion " + ch.name() + " (forward) reaches AUC-ROC "
                + Fmt.metric(ch.aucRoc()) + "; chance and the constant baseline give 0.5. Dashed curves: classic evaluation.")
                .orElse("No forward champion.");
        return new ChartBlock("chart-roc", "ROC curves (test data)", reading, c.build(), 400, false);
    }

    static ChartBlock pr(ModelReport r) {
        ChartOption c = new ChartOption().unitSquare("recall (share of churners flagged)", "precision (flagged who churn)");
        curves(c, r, false);
        Optional<CandidateMetrics> ch = r.champion();
        double base = ch.map(CandidateMetrics::baseRate).orElse(Double.NaN);
        if (!Double.isNaN(base)) {
            c.xyLine("base rate (forward)", Palette.NEUTRAL, List.of(new double[] {0, base}, new double[] {1, base}), true, false);
        }
        String reading = ch.map(m -> {
            double p = precisionAtRecall(m.pr(), 0.5);
            return "Flagging half of the churners (recall 0.5), " + m.name() + " is right " + Fmt.pct0(p)
                    + " of the time against a base rate of " + Fmt.pct0(m.baseRate()) + " (" + Fmt.times(p, m.baseRate())
                    + "); AUC-PR " + Fmt.metric(m.aucPr()) + ".";
        }).orElse("No forward champion.");
        return new ChartBlock("chart-pr", "Precision-recall curves (test data)", reading, c.build(), 400, false);
    }

    /** The best precision among points with at least the given recall (the interpolated PR curve). */
    static double precisionAtRecall(List<double[]> pr, double recall) {
        return pr.stream().filter(p -> p[0] >= recall).mapToDouble(p -> p[1]).max().orElse(0);
    }

    static ChartBlock calibration(CandidateMetrics m) {
        List<double[]> points = new ArrayList<>();
        double gap = 0;
        long rows = 0;
        for (CandidateMetrics.CalibrationBin b : m.calibration()) {
            if (b.rows() > 0 && !Double.isNaN(b.meanPredicted()) && !Double.isNaN(b.observedRate())) {
                points.add(new double[] {b.meanPredicted(), b.observedRate()});
                gap += b.rows() * Math.abs(b.meanPredicted() - b.observedRate());
                rows += b.rows();
            }
        }
        ChartOption c = new ChartOption().unitSquare("mean predicted churn probability (bin)", "observed churn rate")
                .xyLine(m.name(), Palette.CHURNED, points, false, true)
                .xyLine("perfect calibration", Palette.NEUTRAL, List.of(new double[] {0, 0}, new double[] {1, 1}), true, false);
        String reading = rows == 0 ? "No scored rows."
                : "Over " + points.size() + " populated probability bins, predicted and observed churn rates differ by "
                + Fmt.metric(gap / rows) + " on average (weighted by rows): " + (gap / rows < 0.1 ? "probabilities are usable as rates."
                : "read scores as a ranking rather than as probabilities (class weights shift them).");
        return new ChartBlock("chart-calibration", "Calibration of " + m.name() + " (forward test)", reading, c.build(), 400, false);
    }

    private static void curves(ChartOption c, ModelReport r, boolean roc) {
        for (String evaluation : List.of(ModelMetricsReader.FORWARD, ModelMetricsReader.CLASSIC)) {
            boolean forward = evaluation.equals(ModelMetricsReader.FORWARD);
            int k = 0;
            for (CandidateMetrics m : r.of(evaluation)) {
                if (m.isBaseline()) {
                    continue;
                }
                String label = m.name() + " (" + evaluation + ", AUC " + Fmt.metric(roc ? m.aucRoc() : m.aucPr()) + ")";
                c.xyLine(label, Palette.model(k++), roc ? m.roc() : m.pr(), !forward, false);
            }
        }
    }
}
