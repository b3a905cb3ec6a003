package io.sparkify.churn.report.html;

import io.sparkify.churn.report.data.BoxStats;
import io.sparkify.churn.report.data.PageActivity;
import io.sparkify.churn.report.data.ReportData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Per-page activity per user: a ratio overview, then one box plot per page type. */
final class PageActivitySection {

    private PageActivitySection() {
    }

    static Section build(ReportData d) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(ratioChart(d.pageActivity()));
        for (PageActivity p : d.pageActivity()) {
            blocks.add(boxChart(p));
        }
        return new Section("pages", "What they do: page activity per user",
                "Box plots: each user's visits of a page type divided by the calendar days they were observed (first to "
                        + "last event), so a short history does not look like low engagement; boxes span the quartiles "
                        + "with the median inside, whiskers reach the minimum and maximum; a user who never visited a "
                        + "page counts as 0. The ratio chart also divides visits by the user's events (per 100 events): "
                        + "the page's weight in what the user does, whatever their volume. Label pages (Cancel, "
                        + "Cancellation Confirmation) are excluded.", blocks);
    }

    /** Mean visits per day of churned over stayed users; means, as medians are 0 for rare pages. */
    static double meanRatio(PageActivity p) {
        return p.stayed().mean() == 0 ? 0 : p.churned().mean() / p.stayed().mean();
    }

    /** Mean visits per 100 events of churned over stayed users: the page's weight in what they do. */
    static double mixRatio(PageActivity p) {
        return p.stayedPer100().mean() == 0 ? 0 : p.churnedPer100().mean() / p.stayedPer100().mean();
    }

    private static ChartBlock ratioChart(List<PageActivity> pages) {
        List<PageActivity> sorted = pages.stream().filter(p -> p.stayed().mean() > 0 && p.stayedPer100().mean() > 0)
                .sorted(Comparator.comparingDouble(PageActivitySection::mixRatio).reversed()).toList();
        ChartOption c = new ChartOption()
                .categoryY("page", sorted.stream().map(PageActivity::page).toList())
                .valueX("churned ÷ stayed (mean over users)")
                .bar("per 100 events", Palette.CHURNED, sorted.stream().map(PageActivitySection::mixRatio).toList(), null)
                .markX(1, "same")
                .bar("per day", "#f2a09a", sorted.stream().map(PageActivitySection::meanRatio).toList(), null);
        return new ChartBlock("chart-page-ratio", "Page activity of churned relative to stayed users",
                ratioReading(sorted), c.build(), Math.max(320, 70 + 30 * sorted.size()), false);
    }

    private static String ratioReading(List<PageActivity> sorted) {
        if (sorted.isEmpty()) {
            return "No page activity to compare.";
        }
        List<String> more = sorted.stream().filter(p -> mixRatio(p) > 1.1).limit(3)
                .map(p -> p.page() + " " + Fmt.num(mixRatio(p)) + "x").toList();
        List<PageActivity> ascending = new ArrayList<>(sorted);
        java.util.Collections.reverse(ascending);
        List<String> fewer = ascending.stream().filter(p -> mixRatio(p) < 0.9).limit(3)
                .map(p -> p.page() + " " + Fmt.num(mixRatio(p)) + "x").toList();
        double nextSong = sorted.stream().filter(p -> p.page().equals("NextSong")).mapToDouble(PageActivitySection::meanRatio)
                .findFirst().orElse(Double.NaN);
        return "Out of everything they do, churned users spend more on " + (more.isEmpty() ? "no page markedly"
                : String.join(", ", more)) + " and less on " + (fewer.isEmpty() ? "no page markedly"
                : String.join(", ", fewer)) + " than those who stayed" + (Double.isNaN(nextSong) ? "."
                : "; per day they play " + Fmt.num(nextSong) + "x as many songs.");
    }

    private static ChartBlock boxChart(PageActivity p) {
        ChartOption c = new ChartOption()
                .categoryX("users", List.of("churned (" + p.churned().users() + ")", "stayed (" + p.stayed().users() + ")"))
                .valueY("visits per day")
                .noLegend()
                .boxplot(p.page(), List.of(box(p.churned()), box(p.stayed())), List.of(Palette.CHURNED, Palette.STAYED));
        return new ChartBlock("chart-page-" + Ids.slug(p.page()), p.page(), boxReading(p), c.build(), 260, true);
    }

    static String boxReading(PageActivity p) {
        BoxStats ch = p.churned();
        BoxStats st = p.stayed();
        boolean medians = ch.median() > 0 && st.median() > 0;
        double a = medians ? ch.median() : ch.mean();
        double b = medians ? st.median() : st.mean();
        String stat = medians ? "median" : "mean";
        if (b == 0 && a == 0) {
            return "Neither group visits " + p.page() + ".";
        }
        String how = a > b ? Fmt.times(a, b) + " more" : a < b ? Fmt.times(b, a) + " fewer" : "as many";
        return "Churned users: " + how + " " + p.page() + " visits per day than stayed (" + stat + " "
                + Fmt.num(a) + " vs " + Fmt.num(b) + ").";
    }

    private static double[] box(BoxStats s) {
        return new double[] {s.min(), s.q1(), s.median(), s.q3(), s.max()};
    }
}
