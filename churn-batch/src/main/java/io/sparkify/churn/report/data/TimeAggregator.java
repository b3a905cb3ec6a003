package io.sparkify.churn.report.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.sparkify.churn.features.ChurnDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Activity over calendar weeks, and over the weeks leading to each user's end of history. */
final class TimeAggregator {

    static final long WEEK_MS = 7 * ChurnDefinition.DAY_MS;
    static final int MAX_WEEKS_BEFORE = 8;

    private TimeAggregator() {
    }

    static List<WeeklyActive> weeklyActive(UserTable table) {
        Column churned = col(UserTable.CHURNED);
        List<WeeklyActive> weeks = new ArrayList<>();
        for (Row r : table.activity()
                .groupBy(to_date(date_trunc("week", timestamp_millis(col("ts")))).cast("string").as("week"))
                .agg(count_distinct(when(churned, col(UserTable.USER_ID))),
                        count_distinct(when(churned.unary_$bang(), col(UserTable.USER_ID))))
                .orderBy("week").collectAsList()) {
            weeks.add(new WeeklyActive(java.time.LocalDate.parse(r.getString(0)), r.getLong(1), r.getLong(2)));
        }
        return weeks;
    }

    static List<WeekBefore> weeksBefore(UserTable table) {
        Dataset<Row> users = table.users().select(UserTable.USER_ID, UserTable.CHURNED, UserTable.REF_TS, UserTable.FIRST_TS);
        Column history = col(UserTable.REF_TS).minus(col(UserTable.FIRST_TS));
        Dataset<Row> events = table.activity().select(UserTable.USER_ID, "ts")
                .join(users, UserTable.USER_ID)
                .filter(col("ts").leq(col(UserTable.REF_TS)))
                .withColumn("week", floor(col(UserTable.REF_TS).minus(col("ts")).divide(WEEK_MS)).cast("int").plus(1))
                .filter(col("week").leq(MAX_WEEKS_BEFORE).and(history.geq(col("week").multiply(WEEK_MS))))
                .groupBy(UserTable.CHURNED, "week").agg(count(lit(1)).as("events"));
        Dataset<Row> observed = users
                .crossJoin(table.users().sparkSession().range(1, MAX_WEEKS_BEFORE + 1).select(col("id").cast("int").as("week")))
                .filter(history.geq(col("week").multiply(WEEK_MS)))
                .groupBy(UserTable.CHURNED, "week").agg(count(lit(1)).as("users"));
        Map<Integer, long[]> byWeek = new TreeMap<>();
        for (Row r : observed.join(events, new String[] {UserTable.CHURNED, "week"}, "left").collectAsList()) {
            long[] v = byWeek.computeIfAbsent(r.getInt(1), w -> new long[4]);
            int at = r.getBoolean(0) ? 0 : 2;
            v[at] = r.getLong(2);
            v[at + 1] = r.isNullAt(3) ? 0 : r.getLong(3);
        }
        List<WeekBefore> out = new ArrayList<>();
        byWeek.forEach((week, v) -> out.add(new WeekBefore(week, v[0], perUser(v[1], v[0]), v[2], perUser(v[3], v[2]))));
        return List.copyOf(out);
    }

    private static double perUser(long events, long users) {
        return users == 0 ? 0 : (double) events / users;
    }
}
