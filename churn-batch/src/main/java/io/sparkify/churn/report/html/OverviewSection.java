package io.sparkify.churn.report.html;

import io.sparkify.churn.report.data.DailyEvents;
import io.sparkify.churn.report.data.DroppedRows;
import io.sparkify.churn.report.data.Overview;
import io.sparkify.churn.report.data.ReportData;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Headline numbers, events per day and the data-quality table. */
final class OverviewSection {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private OverviewSection() {
    }

    static Section build(ReportData data) {
        Overview o = data.overview();
        return new Section("overview", "Overview",
                "Input: " + o.source() + " (" + o.format() + "). Events with an empty userId (guests, logged-out "
                        + "pages) are dropped; a user churned if they have a Cancellation Confirmation event.",
                List.of(stats(o), eventsPerDay(data.daily()), dataQuality(o, data.dropped())));
    }

    private static StatsBlock stats(Overview o) {
        String period = o.firstEvent() == null ? "none"
                : DAY.format(o.firstEvent()) + " – " + DAY.format(o.lastEvent());
        long days = o.firstEvent() == null ? 0 : Duration.between(o.firstEvent(), o.lastEvent()).toDays() + 1;
        return new StatsBlock("overview-stats", List.of(
                new StatsBlock.Stat("stat-events", "events analysed", Fmt.count(o.userEvents()),
                        "of " + Fmt.count(o.validEvents()) + " valid events"),
                new StatsBlock.Stat("stat-users", "users", Fmt.count(o.users()), "distinct non-empty userIds"),
                new StatsBlock.Stat("stat-churned", "churned users", Fmt.count(o.churnedUsers()),
                        "Cancellation Confirmation"),
                new StatsBlock.Stat("stat-churn-rate", "churn rate", Fmt.pct(o.churnRate()), "churned / users"),
                new StatsBlock.Stat("stat-period", "period covered", period,
                        o.firstEvent() == null ? "" : days + " days, " + MINUTE.format(o.firstEvent()) + " to "
                                + MINUTE.format(o.lastEvent()) + " UTC")));
    }

    private static ChartBlock eventsPerDay(List<DailyEvents> days) {
        ChartOption c = new ChartOption()
                .categoryX("day (UTC)", days.stream().map(d -> d.day().toString()).toList())
                .valueY("events per day")
                .bar("users who stayed", Palette.STAYED, days.stream().map(DailyEvents::stayed).toList(), "events")
                .bar("users who churned", Palette.CHURNED, days.stream().map(DailyEvents::churned).toList(), "events");
        return new ChartBlock("chart-events-per-day", "Events per day", eventsReading(days), c.build());
    }

    static String eventsReading(List<DailyEvents> days) {
        if (days.isEmpty()) {
            return "No user events.";
        }
        long total = days.stream().mapToLong(d -> d.churned() + d.stayed()).sum();
        long churned = days.stream().mapToLong(DailyEvents::churned).sum();
        DailyEvents busiest = days.stream().max(Comparator.comparingLong(d -> d.churned() + d.stayed())).orElseThrow();
        int week = Math.min(7, days.size());
        double firstWeek = days.subList(0, week).stream().mapToLong(DailyEvents::churned).average().orElse(0);
        double lastWeek = days.subList(days.size() - week, days.size()).stream().mapToLong(DailyEvents::churned).average().orElse(0);
        String trend = lastWeek < firstWeek ? "fall from " : lastWeek > firstWeek ? "rise from " : "stay the same, from ";
        return "On average " + Fmt.count(total / days.size()) + " events a day over " + days.size() + " days, "
                + Fmt.pct0((double) churned / Math.max(1, total)) + " of them from users who churned; their daily "
                + "events " + trend + Fmt.num(firstWeek) + " in the first week to " + Fmt.num(lastWeek)
                + " in the last. Busiest day: " + busiest.day() + " (" + Fmt.count(busiest.churned() + busiest.stayed())
                + ").";
    }

    private static TableBlock dataQuality(Overview o, List<DroppedRows> dropped) {
        List<List<String>> rows = new ArrayList<>();
        double base = Math.max(1, o.recordsRead());
        rows.add(List.of("input", "records read", Fmt.count(o.recordsRead()), "100%"));
        long droppedTotal = 0;
        for (DroppedRows d : dropped) {
            rows.add(List.of(d.stage(), "dropped: " + d.reason(), Fmt.count(d.rows()), Fmt.pct(d.rows() / base)));
            droppedTotal += d.rows();
        }
        rows.add(List.of("analysis", "user events analysed", Fmt.count(o.userEvents()), Fmt.pct(o.userEvents() / base)));
        String rejected = o.rejected() == 0 ? "no invalid records" : Fmt.count(o.rejected()) + " invalid records";
        String reading = Fmt.count(droppedTotal) + " of " + Fmt.count(o.recordsRead()) + " records ("
                + Fmt.pct(droppedTotal / base) + ") are not analysed: " + rejected + " and "
                + Fmt.count(o.emptyUserIdEvents()) + " events with an empty userId.";
        return new TableBlock("table-data-quality", "Data quality: rows dropped and why", reading,
                List.of("stage", "rows", "count", "share of input"), rows, false);
    }
}
