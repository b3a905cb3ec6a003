package io.sparkify.churn.report.data;

import java.time.LocalDate;

/** User events of one UTC day, split by whether the user churned (label pages included). */
public record DailyEvents(LocalDate day, long churned, long stayed) {
}
