package io.sparkify.churn.report.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Visits per observed day of each page type, per user, summarised for churned and stayed users.
 * Per day rather than raw counts: churned users have shorter histories, so raw counts would
 * mostly measure tenure. A user who never visited a page counts as zero.
 */
final class PageActivityAggregator {

    /** The notebook's pages first, in this order; pages not listed follow alphabetically. */
    static final List<String> PAGE_ORDER = List.of("Thumbs Up", "Thumbs Down", "Roll Advert", "Add Friend",
            "Add to Playlist", "Downgrade", "Submit Downgrade", "Error", "Help", "Home", "Logout", "NextSong",
            "Settings", "Save Settings", "Upgrade", "Submit Upgrade", "About");

    private PageActivityAggregator() {
    }

    static List<PageActivity> of(UserTable table) {
        Dataset<Row> visits = table.activity().groupBy(UserTable.USER_ID, "page").agg(count(lit(1)).as("visits"));
        Dataset<Row> pages = table.activity().select("page").distinct();
        Dataset<Row> rates = table.users().filter(col(UserTable.EVENTS).gt(0))
                .select(UserTable.USER_ID, UserTable.CHURNED, UserTable.DAYS_OBSERVED, UserTable.EVENTS)
                .crossJoin(pages)
                .join(visits, new String[] {UserTable.USER_ID, "page"}, "left")
                .withColumn("per_day", coalesce(col("visits"), lit(0L)).divide(col(UserTable.DAYS_OBSERVED)))
                .withColumn("per_100", coalesce(col("visits"), lit(0L)).multiply(100.0).divide(col(UserTable.EVENTS)));
        Column[] perDay = BoxStatsQuery.columns("per_day");
        Column[] per100 = BoxStatsQuery.columns("per_100");
        Map<String, BoxStats[]> byPage = new HashMap<>();
        for (Row r : rates.groupBy(col("page"), col(UserTable.CHURNED))
                .agg(perDay[0], perDay[1], perDay[2], per100[0], per100[1], per100[2])
                .collectAsList()) {
            BoxStats empty = BoxStatsQuery.read(null, 0);
            BoxStats[] stats = byPage.computeIfAbsent(r.getString(0), p -> new BoxStats[] {empty, empty, empty, empty});
            int at = r.getBoolean(1) ? 0 : 1;
            stats[at] = BoxStatsQuery.read(r, 2);
            stats[at + 2] = BoxStatsQuery.read(r, 5);
        }
        List<PageActivity> out = new ArrayList<>();
        byPage.forEach((page, st) -> out.add(new PageActivity(page, st[0], st[1], st[2], st[3])));
        out.sort(Comparator.comparingInt((PageActivity p) -> rank(p.page())).thenComparing(PageActivity::page));
        return List.copyOf(out);
    }

    private static int rank(String page) {
        int i = PAGE_ORDER.indexOf(page);
        return i < 0 ? PAGE_ORDER.size() : i;
    }
}
