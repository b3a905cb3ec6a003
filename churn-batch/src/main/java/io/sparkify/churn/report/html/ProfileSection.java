package io.sparkify.churn.report.html;

import io.sparkify.churn.report.data.ReportData;
import java.util.List;

/** The notebook's who-churns views: level, gender, device and state. */
final class ProfileSection {

    private ProfileSection() {
    }

    static Section build(ReportData d) {
        return new Section("profile", "Who churns",
                "One user counts once, with the level of their latest event (last level), the device of their latest "
                        + "user agent (first token inside its parentheses: Macintosh, Windows, iPhone, X11...) and the "
                        + "state of their latest location (\"City, ST\": the first state of a multi-state metro area).",
                List.of(
                        GroupChart.of("chart-churn-by-level", "Churn by level", "last level", d.byLevel(), false, "levels"),
                        GroupChart.of("chart-level-by-gender", "Level by gender", "gender · last level",
                                d.levelByGender(), false, "gender and level groups"),
                        GroupChart.of("chart-level-by-device", "Level by device", "device · last level",
                                d.levelByDevice(), true, "device and level groups"),
                        GroupChart.of("chart-churn-by-state", "Churn by state", "state", d.byState(), true, "states")));
    }
}
