package io.sparkify.churn.report.data;

/** Users whose value lies in [from, to), split by churned and stayed. */
public record HistogramBin(double from, double to, long churned, long stayed) {
}
