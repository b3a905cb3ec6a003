package io.sparkify.churn.report.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link ReportPage} into one self-contained HTML document: styles, the ECharts library,
 * the chart options and the rendering script are all inlined.
 */
public final class HtmlReportWriter {

    static final String ECHARTS_VERSION = "6.1.0";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    public String render(ReportPage page) {
        Map<String, String> values = new HashMap<>();
        values.put("TITLE", Html.escape(page.title()));
        values.put("SUBTITLE", Html.escape(page.subtitle()));
        values.put("NAV", nav(page));
        values.put("FINDINGS", findings(page));
        values.put("SECTIONS", sections(page));
        values.put("CHARTS", chartJson(page));
        values.put("STYLE", resource("report.css"));
        values.put("SCRIPT", resource("report.js"));
        values.put("ECHARTS", resource("vendor/echarts.min.js"));
        values.put("ECHARTS_VERSION", ECHARTS_VERSION);
        // One pass over the template only: inserted content (the library) is never scanned for placeholders.
        Matcher m = PLACEHOLDER.matcher(resource("report.html"));
        StringBuilder out = new StringBuilder(1 << 21);
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("report template has unknown placeholder " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String nav(ReportPage page) {
        StringBuilder b = new StringBuilder();
        for (Section s : page.sections()) {
            b.append("<a href=\"#").append(s.id()).append("\">").append(Html.escape(s.title())).append("</a>");
        }
        return b.toString();
    }

    private static String findings(ReportPage page) {
        StringBuilder b = new StringBuilder("<section id=\"key-findings\" class=\"findings\"><h2>At a glance</h2><ul>");
        for (String f : page.findings()) {
            b.append("<li>").append(Html.escape(f)).append("</li>");
        }
        return b.append("</ul></section>").toString();
    }

    private static String sections(ReportPage page) {
        StringBuilder b = new StringBuilder();
        for (Section s : page.sections()) {
            b.append("<section id=\"").append(s.id()).append("\"><h2>").append(Html.escape(s.title())).append("</h2>");
            b.append("<p class=\"intro\">").append(Html.escape(s.intro())).append("</p><div class=\"blocks\">");
            for (Block block : s.blocks()) {
                b.append(BlockHtml.of(block));
            }
            b.append("</div></section>\n");
        }
        return b.toString();
    }

    /** The chart options by element id; "</" is escaped so the JSON cannot close its script element. */
    private static String chartJson(ReportPage page) {
        ObjectNode all = ChartOption.JSON.createObjectNode();
        page.sections().stream().flatMap(s -> s.blocks().stream())
                .filter(b -> b instanceof ChartBlock)
                .map(b -> (ChartBlock) b)
                .forEach(c -> all.set(c.id(), c.option()));
        try {
            return ChartOption.JSON.writeValueAsString(all).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chart options are not serialisable", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReportWriter.class.getResourceAsStream("/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
