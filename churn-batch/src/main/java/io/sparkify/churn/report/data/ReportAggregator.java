package io.sparkify.churn.report.data;

import io.sparkify.churn.io.LoadedEvents;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Computes the {@link ReportData} of the loaded input with Spark. */
public final class ReportAggregator {

    private ReportAggregator() {
    }

    public static ReportData aggregate(LoadedEvents loaded) {
        UserTable table = UserTable.of(loaded.userEvents());
        try {
            Dataset<Row> users = table.users();
            return new ReportData(
                    OverviewAggregator.overview(loaded.quality()),
                    OverviewAggregator.dropped(loaded.quality()),
                    OverviewAggregator.daily(loaded.userEvents(), table),
                    GroupCountsAggregator.counts(users, UserTable.LAST_LEVEL, null),
                    GroupCountsAggregator.counts(users, UserTable.GENDER, UserTable.LAST_LEVEL),
                    GroupCountsAggregator.counts(users, UserTable.DEVICE, UserTable.LAST_LEVEL),
                    GroupCountsAggregator.counts(users, UserTable.STATE, null),
                    DistributionAggregator.of(users, UserTable.REGISTERED_DAYS, false),
                    DistributionAggregator.of(users, UserTable.SESSIONS, true),
                    DistributionAggregator.of(users, UserTable.ITEMS_PER_SESSION, false),
                    PageActivityAggregator.of(table),
                    TimeAggregator.weeklyActive(table),
                    TimeAggregator.weeksBefore(table));
        } finally {
            table.release();
        }
    }
}
