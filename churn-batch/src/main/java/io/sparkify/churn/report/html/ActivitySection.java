package io.sparkify.churn.report.html;

import io.sparkify.churn.report.data.ReportData;
import io.sparkify.churn.report.data.WeekBefore;
import io.sparkify.churn.report.data.WeeklyActive;
import java.util.List;
import java.util.Optional;

/** Weekly active users and the activity of churners in the weeks before they cancel. */
final class ActivitySection {

    /** Weeks with fewer observed churners than this are left out of the reading (too noisy). */
    static final int MIN_USERS = 5;

    private ActivitySection() {
    }

    static Section build(ReportData d) {
        return new Section("activity", "Activity over time",
                "Weeks start on Monday (UTC). The trend chart counts weeks back from each churned user's cancellation "
                        + "and from each stayed user's last event; a week counts only users observed for all of it, and "
                        + "users with no events that week count as zero.",
                List.of(weekly(d.weeklyActive()), weeksBefore(d.weeksBefore())));
    }

    private static ChartBlock weekly(List<WeeklyActive> weeks) {
        ChartOption c = new ChartOption()
                .categoryX("week starting (Monday, UTC)", weeks.stream().map(w -> w.weekStart().toString()).toList())
                .valueY("active users")
                .line("churned", Palette.CHURNED, weeks.stream().map(WeeklyActive::churned).toList())
                .line("stayed", Palette.STAYED, weeks.stream().map(WeeklyActive::stayed).toList());
        return new ChartBlock("chart-weekly-active", "Weekly active users, churned vs stayed", weeklyReading(weeks), c.build());
    }

    private static String weeklyReading(List<WeeklyActive> weeks) {
        if (weeks.size() < 2) {
            return "Less than two weeks of data.";
        }
        WeeklyActive first = weeks.get(0);
        WeeklyActive last = weeks.get(weeks.size() - 1);
        WeeklyActive peak = weeks.stream().max(java.util.Comparator.comparingLong(WeeklyActive::churned)).orElseThrow();
        return "Users who churn are active most in the week of " + peak.weekStart() + " (" + peak.churned()
                + "); by the week of " + last.weekStart() + " " + last.churned() + " remain, while " + last.stayed()
                + " of those who stayed are active (" + first.stayed() + " in the first week).";
    }

    private static ChartBlock weeksBefore(List<WeekBefore> weeks) {
        List<WeekBefore> ordered = new java.util.ArrayList<>(weeks);
        java.util.Collections.reverse(ordered);
        ChartOption c = new ChartOption()
                .categoryX("weeks before cancellation (churned) or last event (stayed)",
                        ordered.stream().map(w -> "−" + w.week()).toList())
                .valueY("events per user per week")
                .line("churned", Palette.CHURNED, ordered.stream().map(w -> w.churnedUsers() == 0 ? null
                        : (Number) w.churnedEventsPerUser()).toList())
                .line("stayed", Palette.STAYED, ordered.stream().map(w -> w.stayedUsers() == 0 ? null
                        : (Number) w.stayedEventsPerUser()).toList());
        return new ChartBlock("chart-weeks-before-cancel", "Activity of churners in the weeks before they cancel",
                weeksBeforeReading(weeks), c.build());
    }

    static String weeksBeforeReading(List<WeekBefore> weeks) {
        Optional<WeekBefore> last = weeks.stream().filter(w -> w.week() == 1 && w.churnedUsers() >= MIN_USERS).findFirst();
        // Four weeks back is a month of normal use; earlier weeks have few churners observed that long.
        Optional<WeekBefore> earlier = weeks.stream().filter(w -> w.week() >= 2 && w.week() <= 4 && w.churnedUsers() >= MIN_USERS)
                .max(java.util.Comparator.comparingInt(WeekBefore::week));
        if (last.isEmpty() || earlier.isEmpty()) {
            return "Too few churned users observed for several weeks to show a trend.";
        }
        WeekBefore e = earlier.get();
        WeekBefore l = last.get();
        return "Churners' activity goes from " + Fmt.num(e.churnedEventsPerUser()) + " events per user " + e.week()
                + " weeks before cancelling (" + e.churnedUsers() + " users) to " + Fmt.num(l.churnedEventsPerUser())
                + " in the final week (" + change(e.churnedEventsPerUser(), l.churnedEventsPerUser())
                + "); users who stayed go from " + Fmt.num(e.stayedEventsPerUser()) + " to "
                + Fmt.num(l.stayedEventsPerUser()) + " before their last event ("
                + change(e.stayedEventsPerUser(), l.stayedEventsPerUser()) + ").";
    }

    private static String change(double from, double to) {
        if (from == 0) {
            return "n/a";
        }
        double c = (to - from) / from;
        return (c >= 0 ? "+" : "−") + Fmt.pct0(Math.abs(c));
    }
}
