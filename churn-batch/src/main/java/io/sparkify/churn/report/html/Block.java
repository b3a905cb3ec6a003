package io.sparkify.churn.report.html;

/** One element of a report section: a chart, a table or a row of headline numbers. */
public sealed interface Block permits ChartBlock, TableBlock, StatsBlock {

    /** The stable element id tests and links use, e.g. {@code chart-churn-by-level}. */
    String id();
}
