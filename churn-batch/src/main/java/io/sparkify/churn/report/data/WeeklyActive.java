package io.sparkify.churn.report.data;

import java.time.LocalDate;

/** Distinct users with at least one event in the UTC week starting on Monday {@code weekStart}. */
public record WeeklyActive(LocalDate weekStart, long churned, long stayed) {
}
