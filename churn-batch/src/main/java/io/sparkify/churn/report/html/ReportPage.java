package io.sparkify.churn.report.html;

import java.util.List;

/**
 * The whole page: title, subtitle, key findings (computed one-liners shown first) and sections.
 */
public record ReportPage(String title, String subtitle, List<String> findings, List<Section> sections) {

    public ReportPage {
        findings = List.copyOf(findings);
        sections = List.copyOf(sections);
    }
}
