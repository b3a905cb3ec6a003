package io.sparkify.churn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of churn scores against 0/1 labels, computed exactly on the driver (test sets are users, not
 * events: thousands of rows at most). Areas follow Spark's {@code BinaryClassificationMetrics}: one curve point
 * per distinct score, trapezoids, and the PR curve starting at (recall 0, precision of the top score).
 */
public final class BinaryMetrics {

    /** At most this many points per curve are kept in metrics.json. */
    public static final int MAX_CURVE_POINTS = 101;
    public static final int CALIBRATION_BINS = 10;

    private BinaryMetrics() {
    }

    /** Cumulative counts at each distinct score, highest score first. */
    private record Curve(double[] thresholds, long[] tp, long[] fp, long positives, long negatives) {
    }

    private static Curve curve(Scores s) {
        int n = s.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(s.score(b), s.score(a)));
        List<Double> th = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (s.label(i) > 0.5) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfScore = k == n - 1 || s.score(order[k + 1]) != s.score(i);
            if (lastOfScore) {
                th.add(s.score(i));
                counts.add(new long[] {tp, fp});
            }
        }
        double[] t = th.stream().mapToDouble(Double::doubleValue).toArray();
        long[] tps = counts.stream().mapToLong(c -> c[0]).toArray();
        long[] fps = counts.stream().mapToLong(c -> c[1]).toArray();
        return new Curve(t, tps, fps, tp, fp);
    }

    public static double aucRoc(Scores s) {
        Curve c = curve(s);
        if (c.positives == 0 || c.negatives == 0) {
            return Double.NaN;
        }
        double area = 0;
        double px = 0;
        double py = 0;
        for (int i = 0; i < c.thresholds.length; i++) {
            double x = (double) c.fp[i] / c.negatives;
            double y = (double) c.tp[i] / c.positives;
            area += (x - px) * (y + py) / 2;
            px = x;
            py = y;
        }
        return area;
    }

    public static double aucPr(Scores s) {
        Curve c = curve(s);
        if (c.positives == 0 || c.thresholds.length == 0) {
            return Double.NaN;
        }
        double area = 0;
        double pr = 0;
        double pp = (double) c.tp[0] / (c.tp[0] + c.fp[0]);
        for (int i = 0; i < c.thresholds.length; i++) {
            double r = (double) c.tp[i] / c.positives;
            double p = (double) c.tp[i] / (c.tp[i] + c.fp[i]);
            area += (r - pr) * (p + pp) / 2;
            pr = r;
            pp = p;
        }
        return area;
    }

    /**
     * The threshold (predict churn when score >= it) with the best churn-class F1 on these scores; among equal
     * F1s the highest threshold. 0.5 when there are no positives.
     */
    public static double maxF1Threshold(Scores s) {
        Curve c = curve(s);
        if (c.positives == 0) {
            return 0.5;
        }
        double best = -1;
        double threshold = 0.5;
        for (int i = 0; i < c.thresholds.length; i++) {
            double f1 = 2.0 * c.tp[i] / (2.0 * c.tp[i] + c.fp[i] + (c.positives - c.tp[i]));
            if (f1 > best + 1e-12) {
                best = f1;
                threshold = c.thresholds[i];
            }
        }
        return threshold;
    }

    /**
     * Every metric of metrics.json's per-model object: areas with the base rate beside them, the threshold
     * metrics, the confusion matrix, curves and calibration bins.
     */
    public static Map<String, Object> evaluate(Scores s, double threshold) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < s.size(); i++) {
            boolean predicted = s.score(i) >= threshold;
            boolean actual = s.label(i) > 0.5;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            } else {
                tn++;
            }
        }
        long n = tp + fp + tn + fn;
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = f1(tp, fp, fn);
        double f1Negative = f1(tn, fn, fp);
        long pos = tp + fn;
        long neg = tn + fp;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", n);
        m.put("positives", pos);
        m.put("base_rate", n == 0 ? Double.NaN : (double) pos / n);
        m.put("auc_roc", aucRoc(s));
        m.put("auc_pr", aucPr(s));
        m.put("threshold", threshold);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("weighted_f1", n == 0 ? Double.NaN : (f1 * pos + f1Negative * neg) / n);
        m.put("accuracy", n == 0 ? Double.NaN : (double) (tp + tn) / n);
        Map<String, Long> confusion = new LinkedHashMap<>();
        confusion.put("tp", tp);
        confusion.put("fp", fp);
        confusion.put("tn", tn);
        confusion.put("fn", fn);
        m.put("confusion", confusion);
        m.put("roc_curve", rocPoints(s));
        m.put("pr_curve", prPoints(s));
        m.put("calibration", calibration(s));
        return m;
    }

    private static double f1(long tp, long fp, long fn) {
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** [[false positive rate, true positive rate], ...] from (0,0) to (1,1). */
    static List<double[]> rocPoints(Scores s) {
        Curve c = curve(s);
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0});
        for (int i = 0; i < c.thresholds.length; i++) {
            pts.add(new double[] {c.negatives == 0 ? 0 : (double) c.fp[i] / c.negatives,
                    c.positives == 0 ? 0 : (double) c.tp[i] / c.positives});
        }
        return thin(pts);
    }

    /** [[recall, precision], ...], recall rising. */
    static List<double[]> prPoints(Scores s) {
        Curve c = curve(s);
        List<double[]> pts = new ArrayList<>();
        if (c.thresholds.length == 0 || c.positives == 0) {
            return pts;
        }
        pts.add(new double[] {0, (double) c.tp[0] / (c.tp[0] + c.fp[0])});
        for (int i = 0; i < c.thresholds.length; i++) {
            pts.add(new double[] {(double) c.tp[i] / c.positives, (double) c.tp[i] / (c.tp[i] + c.fp[i])});
        }
        return thin(pts);
    }

    private static List<double[]> thin(List<double[]> pts) {
        if (pts.size() <= MAX_CURVE_POINTS) {
            return pts;
        }
        List<double[]> out = new ArrayList<>();
        double step = (pts.size() - 1) / (double) (MAX_CURVE_POINTS - 1);
        for (int k = 0; k < MAX_CURVE_POINTS; k++) {
            out.add(pts.get((int) Math.round(k * step)));
        }
        return out;
    }

    /** Ten equal-width bins of predicted probability: rows, mean prediction, observed churn rate. */
    static List<Map<String, Object>> calibration(Scores s) {
        long[] count = new long[CALIBRATION_BINS];
        double[] sumScore = new double[CALIBRATION_BINS];
        long[] positives = new long[CALIBRATION_BINS];
        for (int i = 0; i < s.size(); i++) {
            int b = Math.min(CALIBRATION_BINS - 1, Math.max(0, (int) Math.floor(s.score(i) * CALIBRATION_BINS)));
            count[b]++;
            sumScore[b] += s.score(i);
            if (s.label(i) > 0.5) {
                positives[b]++;
            }
        }
        List<Map<String, Object>> bins = new ArrayList<>();
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            Map<String, Object> bin = new LinkedHashMap<>();
            bin.put("lower", (double) b / CALIBRATION_BINS);
            bin.put("upper", (double) (b + 1) / CALIBRATION_BINS);
            bin.put("rows", count[b]);
            bin.put("mean_predicted", count[b] == 0 ? null : sumScore[b] / count[b]);
            bin.put("observed_rate", count[b] == 0 ? null : (double) positives[b] / count[b]);
            bins.add(bin);
        }
        return bins;
    }
}
