package io.sparkify.churn.report.data;

import java.util.List;

/**
 * Everything the exploration part of the report shows, as small typed records computed by Spark.
 * The HTML layer only formats these; it computes nothing from events.
 */
public record ReportData(
        Overview overview,
        List<DroppedRows> dropped,
        List<DailyEvents> daily,
        List<GroupCounts> byLevel,
        List<GroupCounts> levelByGender,
        List<GroupCounts> levelByDevice,
        List<GroupCounts> byState,
        Distribution registeredDays,
        Distribution sessions,
        Distribution itemsPerSession,
        List<PageActivity> pageActivity,
        List<WeeklyActive> weeklyActive,
        List<WeekBefore> weeksBefore) {
}
