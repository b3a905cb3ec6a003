package io.sparkify.churn.score;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Names the features pushing one user's risk up: contribution_j = signed_weight_j * z_j, where z_j is the user's
 * standardized deviation from the scored population's mean and signed_weight_j the model's importance with the
 * direction in which the feature raises risk (see {@link io.sparkify.churn.model.FeatureImportances}). For the
 * logistic regression this is, up to a constant, the feature's share of the log-odds; for trees it is an
 * importance-weighted "how unusual, in the risky direction" heuristic.
 */
public final class RiskExplainer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final double[] weights;
    private final double[] means;
    private final double[] stds;
    private final int top;

    public RiskExplainer(String[] names, double[] weights, double[] means, double[] stds, int top) {
        this.names = names.clone();
        this.weights = weights.clone();
        this.means = means.clone();
        this.stds = stds.clone();
        this.top = top;
    }

    /** Up to {@code top} entries like {@code "trend_7d (-2.1 sd)"}, strongest first; only risk-raising ones. */
    public List<String> explain(double[] x) {
        double[] contribution = new double[names.length];
        Integer[] idx = new Integer[names.length];
        for (int j = 0; j < names.length; j++) {
            double z = stds[j] > 0 ? (x[j] - means[j]) / stds[j] : 0;
            contribution[j] = weights[j] * z;
            idx[j] = j;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(contribution[b], contribution[a]));
        List<String> out = new ArrayList<>();
        for (int k = 0; k < idx.length && out.size() < top; k++) {
            int j = idx[k];
            if (contribution[j] <= 0) {
                break;
            }
            double z = stds[j] > 0 ? (x[j] - means[j]) / stds[j] : 0;
            out.add(String.format(Locale.ROOT, "%s (%+.1f sd)", names[j], z));
        }
        return out;
    }
}
