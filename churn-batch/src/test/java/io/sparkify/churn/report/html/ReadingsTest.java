package io.sparkify.churn.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.churn.report.data.BoxStats;
import io.sparkify.churn.report.data.DailyEvents;
import io.sparkify.churn.report.data.GroupCounts;
import io.sparkify.churn.report.data.PageActivity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Readings are computed from the numbers they describe. */
class ReadingsTest {

    private static BoxStats box(double median, double mean, long users) {
        return new BoxStats(0, median / 2, median, median * 2, median * 4, mean, users);
    }

    @Test
    void groupReadingNamesTheHighestAndLowestChurnAmongGroupsLargeEnough() {
        List<GroupCounts> groups = List.of(new GroupCounts("CA", "", 10, 30), new GroupCounts("NY", "", 2, 38),
                new GroupCounts("TX", "", 15, 15), new GroupCounts("VT", "", 3, 0));
        String reading = GroupChart.reading(groups, "states");
        assertTrue(reading.contains("TX (50%, 15 of 30) churn most"), reading);
        assertTrue(reading.contains("NY (5%, 2 of 40) least"), reading);
        assertFalse(reading.contains("VT"), "a 3-user group must not lead the reading: " + reading);
        assertTrue(reading.contains("overall 27%"), reading);
    }

    @Test
    void distributionReadingComparesMediansInTheRightDirection() {
        String fewer = DistributionSection.reading("sessions", box(8, 9, 100), box(16, 17, 300));
        assertTrue(fewer.startsWith("Churned users have fewer sessions: median 8 against 16"), fewer);
        assertTrue(fewer.contains("0.5x"), fewer);
        String more = DistributionSection.reading("sessions", box(20, 9, 100), box(10, 17, 300));
        assertTrue(more.contains("more sessions") && more.contains("2.0x"), more);
    }

    @Test
    void boxReadingFallsBackToMeansWhenAMedianIsZero() {
        PageActivity rare = new PageActivity("Error", box(0, 0.06, 10), box(0.01, 0.02, 40), box(0, 0.1, 10), box(0, 0.1, 40));
        String reading = PageActivitySection.boxReading(rare);
        assertEquals("Churned users: 3.0x more Error visits per day than stayed (mean 0.06 vs 0.02).", reading);
        PageActivity thumbs = new PageActivity("Thumbs Up", box(0.5, 0.6, 10), box(1.0, 1.1, 40), box(1, 1, 10), box(2, 2, 40));
        assertEquals("Churned users: 2.0x fewer Thumbs Up visits per day than stayed (median 0.5 vs 1).",
                PageActivitySection.boxReading(thumbs));
    }

    /** The events-per-day reading says which way the churners' activity went, from the numbers. */
    @Test
    void eventsReadingFollowsTheDirectionOfTheChurnersActivity() {
        List<DailyEvents> falling = new java.util.ArrayList<>();
        List<DailyEvents> rising = new java.util.ArrayList<>();
        java.time.LocalDate d0 = java.time.LocalDate.of(2018, 10, 1);
        for (int i = 0; i < 14; i++) {
            falling.add(new DailyEvents(d0.plusDays(i), i < 7 ? 300 : 100, 1000));
            rising.add(new DailyEvents(d0.plusDays(i), i < 7 ? 100 : 300, 1000 + i));
        }
        String down = OverviewSection.eventsReading(falling);
        assertTrue(down.contains("their daily events fall from 300 in the first week to 100 in the last"), down);
        assertTrue(down.startsWith("On average 1,200 events a day over 14 days, 17% of them from users who churned"), down);
        String up = OverviewSection.eventsReading(rising);
        assertTrue(up.contains("their daily events rise from 100 in the first week to 300 in the last"), up);
        assertTrue(up.contains("Busiest day: 2018-10-14 (1,313)"), up);
        assertFalse(up.contains("fall") || up.contains("leave"), up);
    }

    @Test
    void pageIsSelfContainedAndEmbeddedTextCannotBreakOut() {
        ChartOption option = new ChartOption().categoryX("x </script><b>", List.of("a")).valueY("y")
                .bar("s", Palette.CHURNED, List.of(1L), null);
        Section section = new Section("s", "Title <i>", "intro & more", List.of(
                new ChartBlock("chart-x", "Chart <x>", "reading </figcaption>", option.build())));
        String html = new HtmlReportWriter().render(new ReportPage("T", "sub", List.of("finding <b>"), List.of(section)));
        assertFalse(html.contains("</script><b>"), "chart JSON closed its script element");
        assertTrue(html.contains("Title &lt;i&gt;") && html.contains("reading &lt;/figcaption&gt;")
                && html.contains("finding &lt;b&gt;"));
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "the page references a network resource");
        assertTrue(html.contains("echarts"), "the chart library is not inlined");
    }
}
