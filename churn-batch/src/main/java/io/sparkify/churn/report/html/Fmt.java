package io.sparkify.churn.report.html;

import java.util.Locale;

/** Number formatting for readings and tables: one place, so the page is consistent. */
final class Fmt {

    private Fmt() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A share as a percentage with one decimal, e.g. 0.2215 -> "22.2%". */
    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** A share as a whole percentage, e.g. 0.2215 -> "22%". */
    static String pct0(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /** Two significant decimals for small values, fewer for large ones: 0.042, 0.42, 4.2, 42, 420. */
    static String num(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (v == Math.rint(v) && a < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /** A metric in [0, 1] with three decimals, e.g. AUC 0.812. */
    static String metric(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** How many times larger a is than b, e.g. "2.1x"; "n/a" when b is zero. */
    static String times(double a, double b) {
        return b == 0 ? "n/a" : String.format(Locale.ROOT, "%.1fx", a / b);
    }

    /** A value rounded for a chart's data (keeps the JSON small). */
    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
