package io.sparkify.churn.report.html;

import java.util.List;

/** The HTML of one block. Charts are empty elements the page's script fills from the embedded options. */
final class BlockHtml {

    private BlockHtml() {
    }

    static String of(Block block) {
        if (block instanceof ChartBlock c) {
            return chart(c);
        }
        if (block instanceof TableBlock t) {
            return table(t);
        }
        return stats((StatsBlock) block);
    }

    private static String chart(ChartBlock c) {
        return "<figure class=\"chart" + (c.small() ? " small" : "") + "\"><h3>" + Html.escape(c.title()) + "</h3>"
                + "<div class=\"chart-canvas\" id=\"" + c.id() + "\" data-chart=\"" + c.id() + "\" style=\"height:"
                + c.height() + "px\"></div><figcaption class=\"reading\">" + Html.escape(c.reading())
                + "</figcaption></figure>\n";
    }

    private static String table(TableBlock t) {
        StringBuilder b = new StringBuilder("<figure class=\"table" + (t.wide() ? " wide" : "") + "\"><h3>").append(Html.escape(t.title())).append("</h3>");
        b.append("<table id=\"").append(t.id()).append("\"><thead><tr>");
        for (String h : t.headers()) {
            b.append("<th>").append(Html.escape(h)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (List<String> row : t.rows()) {
            b.append("<tr>");
            for (String cell : row) {
                b.append(numeric(cell) ? "<td class=\"num\">" : "<td>").append(Html.escape(cell)).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table><figcaption class=\"reading\">").append(Html.escape(t.reading()))
                .append("</figcaption></figure>\n");
        return b.toString();
    }

    private static String stats(StatsBlock s) {
        StringBuilder b = new StringBuilder("<div class=\"stats\" id=\"").append(s.id()).append("\">");
        for (StatsBlock.Stat st : s.stats()) {
            b.append("<div class=\"stat\" id=\"").append(st.id()).append("\"><div class=\"label\">")
                    .append(Html.escape(st.label())).append("</div><div class=\"value\">").append(Html.escape(st.value()))
                    .append("</div><div class=\"note\">").append(Html.escape(st.note())).append("</div></div>");
        }
        return b.append("</div>\n").toString();
    }

    private static boolean numeric(String cell) {
        return cell.matches("[-−+]?[0-9][0-9,.]*%?x?|n/a");
    }
}
