package io.sparkify.churn.report.model;

import java.util.List;

/**
 * One candidate's test metrics in one evaluation of a registry version (or the base-rate baseline),
 * read from metrics.json. Metrics absent from the file (e.g. an AUC of a one-class test set) are NaN.
 *
 * @param evaluation {@code forward} or {@code classic}
 * @param model the model family id ({@code baseline} for the trivial baseline)
 * @param best whether the evaluation selected this candidate (by training/validation data, never test)
 */
public record CandidateMetrics(String evaluation, String model, String name, boolean best,
                               double aucRoc, double aucPr, double baseRate, double threshold,
                               double precision, double recall, double f1, double weightedF1, double accuracy,
                               long tp, long fp, long tn, long fn,
                               List<double[]> roc, List<double[]> pr, List<CalibrationBin> calibration,
                               List<Importance> importances) {

    public CandidateMetrics {
        roc = List.copyOf(roc);
        pr = List.copyOf(pr);
        calibration = List.copyOf(calibration);
        importances = List.copyOf(importances);
    }

    public boolean isBaseline() {
        return ModelMetricsReader.BASELINE.equals(model);
    }

    /** A predicted-probability bin: rows in it, their mean prediction and observed churn rate (NaN when empty). */
    public record CalibrationBin(double lower, double upper, long rows, double meanPredicted, double observedRate) {
    }

    /** Share of the model's reliance on a feature; the sign of {@code signedWeight} is the direction of risk. */
    public record Importance(String feature, double importance, double signedWeight) {
    }
}
