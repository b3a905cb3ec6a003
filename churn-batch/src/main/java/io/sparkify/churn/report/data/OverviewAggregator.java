package io.sparkify.churn.report.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.sparkify.churn.io.DataQuality;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The headline numbers (from the loader's accounting), the data-quality rows and events per day. */
final class OverviewAggregator {

    private OverviewAggregator() {
    }

    static Overview overview(DataQuality q) {
        boolean any = q.userEvents() > 0;
        return new Overview(q.source(), q.format(), q.recordsRead(), q.rejectedTotal(), q.validEvents(),
                q.emptyUserIdDropped(), q.userEvents(), q.users(), q.churnedUsers(),
                any ? Instant.ofEpochMilli(q.firstEventMs()) : null,
                any ? Instant.ofEpochMilli(q.lastEventMs()) : null);
    }

    /** Rejected records by reason (largest first), then the events dropped for an empty userId. */
    static List<DroppedRows> dropped(DataQuality q) {
        String stage = "json".equals(q.format()) ? "input validation" : "lake quarantine";
        List<DroppedRows> rows = new ArrayList<>();
        new TreeMap<>(q.rejected()).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> rows.add(new DroppedRows(stage, e.getKey(), e.getValue())));
        rows.add(new DroppedRows("cleaning", "empty_user_id", q.emptyUserIdDropped()));
        return List.copyOf(rows);
    }

    static List<DailyEvents> daily(Dataset<Row> userEvents, UserTable table) {
        Column churned = col(UserTable.CHURNED);
        Dataset<Row> labelled = userEvents.join(table.users().select(UserTable.USER_ID, UserTable.CHURNED), UserTable.USER_ID);
        List<DailyEvents> days = new ArrayList<>();
        for (Row r : labelled.groupBy(UserTable.day(col("ts")).cast("string").as("day"))
                .agg(sum(when(churned, 1).otherwise(0)), sum(when(churned, 0).otherwise(1)))
                .orderBy("day").collectAsList()) {
            days.add(new DailyEvents(java.time.LocalDate.parse(r.getString(0)), r.getLong(1), r.getLong(2)));
        }
        return days;
    }
}
