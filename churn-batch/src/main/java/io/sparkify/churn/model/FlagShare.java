package io.sparkify.churn.model;

import java.util.Arrays;

/**
 * The churn decision rule as a share of the scored users to flag, not a probability.
 *
 * <p>Why: the final model is refitted on more cut-offs than the one the threshold was tuned on, and its
 * probabilities (class-weighted, hence not calibrated to the base rate) sit on a different scale; a probability
 * threshold tuned on one model does not transfer to the other (it flagged nobody, or nearly everybody). A rank
 * does: the share is tuned where labels are known (the max-F1 point of held-out predictions), then applied as a
 * quantile of whatever scores the final model gives the users it scores, in the evaluation's test window and in
 * {@code score} alike. No label of the scored rows is used.
 *
 * @param share the share of scored rows flagged as churners, in (0, 1]
 */
public record FlagShare(double share) {

    public FlagShare {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("flag share must be in (0, 1]: " + share);
        }
    }

    /** The share flagged by the max-F1 threshold of these labelled scores (all rows when there is no positive). */
    public static FlagShare maxF1(Scores tuning) {
        double threshold = BinaryMetrics.maxF1Threshold(tuning);
        long flagged = Arrays.stream(tuning.scores()).filter(x -> x >= threshold).count();
        return new FlagShare(tuning.size() == 0 || flagged == 0 ? 1.0 : (double) flagged / tuning.size());
    }

    /** How many of {@code n} scored rows to flag: at least one. */
    public long count(long n) {
        return Math.max(1, (long) Math.ceil(share * n - 1e-9));
    }

    /**
     * The probability threshold that flags this share of {@code scores}: the score of the k-th highest row (rows
     * tied with it are flagged too). 0.5 when there are no scores.
     */
    public double thresholdFor(double[] scores) {
        if (scores.length == 0) {
            return 0.5;
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - (int) count(sorted.length)];
    }

    /** {@link #thresholdFor(double[])} of a scored set. */
    public double thresholdFor(Scores scored) {
        return thresholdFor(scored.scores());
    }
}
