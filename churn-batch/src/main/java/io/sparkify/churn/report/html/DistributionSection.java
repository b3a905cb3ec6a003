package io.sparkify.churn.report.html;

import io.sparkify.churn.report.data.BoxStats;
import io.sparkify.churn.report.data.Distribution;
import io.sparkify.churn.report.data.HistogramBin;
import io.sparkify.churn.report.data.ReportData;
import java.util.List;

/** Histograms of per-user measures as the share of each group's users per bin. */
final class DistributionSection {

    private DistributionSection() {
    }

    static Section build(ReportData d) {
        return new Section("distributions", "How long and how much they use the service",
                "Histograms show the share of churned and of stayed users in each bin, so the two groups compare "
                        + "despite their different sizes. Days since registration run from registration to the user's "
                        + "last event; items per session is the user's events (label pages excluded) over their sessions.",
                List.of(
                        chart("chart-registered-days", "Days since registration", "days from registration to last event",
                                "days since registration", d.registeredDays(), false),
                        chart("chart-sessions-per-user", "Sessions per user", "sessions", "sessions", d.sessions(), true),
                        chart("chart-items-per-session", "Average items per session", "events per session",
                                "items per session", d.itemsPerSession(), false)));
    }

    static ChartBlock chart(String id, String title, String axis, String measure, Distribution dist, boolean whole) {
        List<HistogramBin> bins = dist.bins();
        long churned = bins.stream().mapToLong(HistogramBin::churned).sum();
        long stayed = bins.stream().mapToLong(HistogramBin::stayed).sum();
        ChartOption c = new ChartOption()
                .categoryX(axis, bins.stream().map(b -> binLabel(b, whole)).toList())
                .valueY("% of the group's users")
                .bar("churned (" + churned + " users)", Palette.CHURNED,
                        bins.stream().map(b -> share(b.churned(), churned)).toList(), null)
                .bar("stayed (" + stayed + " users)", Palette.STAYED,
                        bins.stream().map(b -> share(b.stayed(), stayed)).toList(), null);
        return new ChartBlock(id, title, reading(measure, dist.churned(), dist.stayed()), c.build());
    }

    static String reading(String measure, BoxStats churned, BoxStats stayed) {
        if (churned.users() == 0 || stayed.users() == 0) {
            return "Only one group has users: no comparison.";
        }
        String direction = churned.median() < stayed.median() ? "fewer" : churned.median() > stayed.median() ? "more" : "as many";
        return "Churned users have " + direction + " " + measure + ": median " + Fmt.num(churned.median()) + " against "
                + Fmt.num(stayed.median()) + " for those who stayed (" + Fmt.times(churned.median(), stayed.median())
                + "; quartiles " + Fmt.num(churned.q1()) + "–" + Fmt.num(churned.q3()) + " vs " + Fmt.num(stayed.q1())
                + "–" + Fmt.num(stayed.q3()) + ").";
    }

    private static double share(long n, long total) {
        return total == 0 ? 0 : 100.0 * n / total;
    }

    private static String binLabel(HistogramBin b, boolean whole) {
        if (whole && b.to() - b.from() <= 1) {
            return Fmt.num(b.from());
        }
        return Fmt.num(b.from()) + "–" + Fmt.num(b.to());
    }
}
