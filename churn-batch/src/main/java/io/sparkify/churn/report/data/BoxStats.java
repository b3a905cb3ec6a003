package io.sparkify.churn.report.data;

/** Five-number summary and mean of a per-user value over {@code users} users (exact percentiles). */
public record BoxStats(double min, double q1, double median, double q3, double max, double mean, long users) {
}
