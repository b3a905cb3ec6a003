package io.sparkify.churn.report.html;

import io.sparkify.churn.report.data.Overview;
import io.sparkify.churn.report.data.PageActivity;
import io.sparkify.churn.report.data.ReportData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The few computed sentences at the top of the page: who churns, why, and how fast it shows. */
final class KeyFindings {

    private KeyFindings() {
    }

    static List<String> of(ReportData d) {
        List<String> out = new ArrayList<>();
        Overview o = d.overview();
        out.add(Fmt.count(o.churnedUsers()) + " of " + Fmt.count(o.users()) + " users (" + Fmt.pct(o.churnRate())
                + ") cancelled between " + OverviewSection.DAY.format(o.firstEvent() == null ? java.time.Instant.EPOCH : o.firstEvent())
                + " and " + OverviewSection.DAY.format(o.lastEvent() == null ? java.time.Instant.EPOCH : o.lastEvent()) + ".");
        out.add("Tenure: " + DistributionSection.reading("days since registration", d.registeredDays().churned(),
                d.registeredDays().stayed()));
        pageFinding(d.pageActivity()).ifPresent(out::add);
        out.add("Before leaving: " + ActivitySection.weeksBeforeReading(d.weeksBefore()));
        out.add("Who: " + GroupChart.reading(Stream.of(d.levelByGender(), d.levelByDevice()).flatMap(List::stream)
                .toList(), "gender·level and device·level groups"));
        return out;
    }

    private static java.util.Optional<String> pageFinding(List<PageActivity> pages) {
        // Frequent pages only: a ratio of two tiny means (About, Submit Upgrade) says little.
        List<PageActivity> compared = pages.stream().filter(p -> p.stayedPer100().mean() >= 0.5 && p.churnedPer100().mean() > 0).toList();
        java.util.Optional<PageActivity> most = compared.stream().max(Comparator.comparingDouble(PageActivitySection::mixRatio));
        java.util.Optional<PageActivity> least = compared.stream().min(Comparator.comparingDouble(PageActivitySection::mixRatio));
        if (most.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("Why: out of every 100 events, churned users have " + Fmt.num(most.get().churnedPer100().mean())
                + " " + most.get().page() + " against " + Fmt.num(most.get().stayedPer100().mean()) + " for those who stayed ("
                + Fmt.num(PageActivitySection.mixRatio(most.get())) + "x), and " + Fmt.num(least.get().churnedPer100().mean())
                + " " + least.get().page() + " against " + Fmt.num(least.get().stayedPer100().mean()) + " ("
                + Fmt.num(PageActivitySection.mixRatio(least.get())) + "x) — among pages with at least 0.5 per 100 events.");
    }

}
