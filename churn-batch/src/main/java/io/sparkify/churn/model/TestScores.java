package io.sparkify.churn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Scores of user-cut-off rows pooled over several test cut-offs, with each row's user and cut-off: what the
 * rolling-origin metrics, their bootstrap intervals (resampling users, so a user's rows at several cut-offs stay
 * together) and the paired champion/challenger comparison need.
 */
public record TestScores(String[] users, long[] cutoffs, Scores scores) {

    /** Resamples of the bootstrap intervals. */
    public static final int RESAMPLES = 1000;
    public static final long SEED = 42L;

    public TestScores {
        if (users.length != scores.size() || cutoffs.length != scores.size()) {
            throw new IllegalArgumentException("users, cut-offs and scores differ in length");
        }
    }

    public int size() {
        return scores.size();
    }

    /** The same rows scored otherwise (a baseline, a rule). */
    public TestScores withScores(double[] s) {
        return new TestScores(users, cutoffs, new Scores(s, scores.labels()));
    }

    public TestScores concat(TestScores o) {
        String[] u = Arrays.copyOf(users, users.length + o.users.length);
        System.arraycopy(o.users, 0, u, users.length, o.users.length);
        long[] c = Arrays.copyOf(cutoffs, cutoffs.length + o.cutoffs.length);
        System.arraycopy(o.cutoffs, 0, c, cutoffs.length, o.cutoffs.length);
        return new TestScores(u, c, scores.concat(o.scores));
    }

    /** The rows of one cut-off. */
    public Scores at(long cutoff) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            if (cutoffs[i] == cutoff) {
                idx.add(i);
            }
        }
        return subset(idx.stream().mapToInt(Integer::intValue).toArray());
    }

    private Scores subset(int[] idx) {
        double[] s = new double[idx.length];
        double[] l = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            s[k] = scores.score(idx[k]);
            l[k] = scores.label(idx[k]);
        }
        return new Scores(s, l);
    }

    /** The row index of each (user, cut-off), to align two scorings of the same rows. */
    public Map<String, Integer> index() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < size(); i++) {
            m.put(users[i] + "@" + cutoffs[i], i);
        }
        return m;
    }

    /** Each user's row indices, in a fixed order. */
    private int[][] rowsByUser() {
        Map<String, List<Integer>> by = new LinkedHashMap<>();
        for (int i = 0; i < size(); i++) {
            by.computeIfAbsent(users[i], k -> new ArrayList<>()).add(i);
        }
        return by.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /**
     * The 2.5% and 97.5% percentiles of {@code metric} over {@value #RESAMPLES} resamples of the users (with
     * replacement, all rows of a drawn user). Resamples where the metric is undefined (one class) are skipped.
     */
    public double[] interval(ToDoubleFunction<Scores> metric) {
        return pairedInterval(this, (a, b) -> metric.applyAsDouble(a));
    }

    /** A metric of two scorings of the same rows, compared on the same resamples (a paired bootstrap). */
    public interface PairMetric {
        double apply(Scores a, Scores b);
    }

    /** {@link #interval} of a function of this scoring and {@code other} (the same rows, in the same order). */
    public double[] pairedInterval(TestScores other, PairMetric metric) {
        double[] sorted = resampled(other, metric);
        if (sorted.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {percentile(sorted, 0.025), percentile(sorted, 0.975)};
    }

    /** The standard deviation of the same resamples as {@link #pairedInterval}: the bootstrap standard error. */
    public double pairedStandardError(TestScores other, PairMetric metric) {
        double[] v = resampled(other, metric);
        if (v.length < 2) {
            return Double.NaN;
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
    }

    /**
     * {@code metric} over {@value #RESAMPLES} resamples of the users (with replacement, all rows of a drawn user),
     * sorted; resamples where it is undefined (one class) are left out.
     */
    private double[] resampled(TestScores other, PairMetric metric) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("a paired bootstrap needs the same rows");
        }
        int[][] byUser = rowsByUser();
        Random random = new Random(SEED);
        double[] values = new double[RESAMPLES];
        int n = 0;
        for (int b = 0; b < RESAMPLES; b++) {
            List<Integer> idx = new ArrayList<>(size());
            for (int u = 0; u < byUser.length; u++) {
                for (int i : byUser[random.nextInt(byUser.length)]) {
                    idx.add(i);
                }
            }
            int[] rows = idx.stream().mapToInt(Integer::intValue).toArray();
            double v = metric.apply(subset(rows), other.subset(rows));
            if (Double.isFinite(v)) {
                values[n++] = v;
            }
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * This scoring's scores reordered to {@code reference}'s rows (the same user-cut-off rows, in any order), so
     * two scorings can be compared pair by pair.
     *
     * @throws IllegalStateException when the rows or their labels differ
     */
    public TestScores alignedTo(TestScores reference) {
        if (size() != reference.size()) {
            throw new IllegalStateException("it scored " + size() + " rows, not the " + reference.size() + " compared");
        }
        Map<String, Integer> at = index();
        double[] s = new double[reference.size()];
        for (int i = 0; i < s.length; i++) {
            Integer j = at.get(reference.users()[i] + "@" + reference.cutoffs()[i]);
            if (j == null || scores.label(j) != reference.scores().label(i)) {
                throw new IllegalStateException("its rows differ from the ones compared");
            }
            s[i] = scores.score(j);
        }
        return reference.withScores(s);
    }

    private static double percentile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /**
     * The pooled figures of metrics.json: {@code rows, positives, base_rate, auc_roc, auc_roc_ci, auc_pr, auc_pr_ci},
     * and the precision and lift (precision over the base rate) when each cut-off flags its top 10% of users
     * ({@code precision_top10, lift_top10}) and, given a flagged share, its top {@code flag_share}
     * ({@code precision_flagged, lift_flagged}).
     */
    public Map<String, Object> pooled(FlagShare flagShare) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", (long) size());
        m.put("positives", scores.positives());
        double base = scores.baseRate();
        m.put("base_rate", base);
        m.put("auc_roc", BinaryMetrics.aucRoc(scores));
        m.put("auc_roc_ci", interval(BinaryMetrics::aucRoc));
        m.put("auc_pr", BinaryMetrics.aucPr(scores));
        m.put("auc_pr_ci", interval(BinaryMetrics::aucPr));
        double top10 = precisionFlagging(new FlagShare(0.1));
        m.put("precision_top10", top10);
        m.put("lift_top10", base == 0 ? Double.NaN : top10 / base);
        if (flagShare != null) {
            double p = precisionFlagging(flagShare);
            m.put("flag_share", flagShare.share());
            m.put("precision_flagged", p);
            m.put("lift_flagged", base == 0 ? Double.NaN : p / base);
        }
        return m;
    }

    /** Precision of flagging, at each cut-off, that share of its users by score (ties with the last one flagged). */
    public double precisionFlagging(FlagShare share) {
        long flagged = 0;
        long hits = 0;
        for (long c : Arrays.stream(cutoffs).distinct().toArray()) {
            Scores at = at(c);
            double threshold = share.thresholdFor(at);
            for (int i = 0; i < at.size(); i++) {
                if (at.score(i) >= threshold) {
                    flagged++;
                    hits += at.label(i) > 0.5 ? 1 : 0;
                }
            }
        }
        return flagged == 0 ? 0 : (double) hits / flagged;
    }
}
