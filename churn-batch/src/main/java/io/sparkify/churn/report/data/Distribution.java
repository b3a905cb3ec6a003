package io.sparkify.churn.report.data;

import java.util.List;

/** A per-user measure: its histogram and its summary for churned and for stayed users. */
public record Distribution(String measure, List<HistogramBin> bins, BoxStats churned, BoxStats stayed) {
}
