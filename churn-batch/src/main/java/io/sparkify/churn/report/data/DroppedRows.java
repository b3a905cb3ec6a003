package io.sparkify.churn.report.data;

/** Rows that did not reach the analysis: where they were dropped ({@code stage}), why, how many. */
public record DroppedRows(String stage, String reason, long rows) {
}
