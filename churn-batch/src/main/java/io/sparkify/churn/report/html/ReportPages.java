package io.sparkify.churn.report.html;

import io.sparkify.churn.report.data.ReportData;
import java.util.ArrayList;
import java.util.List;

/** Assembles the page from the aggregated data: sections in reading order, findings first. */
public final class ReportPages {

    private ReportPages() {
    }

    /** @param model the model section and its one-line finding, or null without a registry */
    public static ReportPage build(ReportData data, ModelPart model) {
        List<Section> sections = new ArrayList<>(List.of(
                OverviewSection.build(data),
                ProfileSection.build(data),
                DistributionSection.build(data),
                PageActivitySection.build(data),
                ActivitySection.build(data)));
        List<String> findings = new ArrayList<>(KeyFindings.of(data));
        if (model != null) {
            sections.add(model.section());
            findings.addAll(model.findings());
        }
        return new ReportPage("Sparkify churn report", "Users who churned vs stayed · " + data.overview().source(),
                findings, sections);
    }

    /** The model section and the sentences it adds to the findings. */
    public record ModelPart(Section section, List<String> findings) {
    }
}
