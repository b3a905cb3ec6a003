package io.sparkify.churn.report.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Builds an Apache ECharts option (plain JSON: no functions, so it can be embedded as data).
 * Axes always carry a name; animation is off so a screenshot shows the final chart.
 */
final class ChartOption {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode series = root.putArray("series");

    ChartOption() {
        root.put("animation", false);
        ObjectNode grid = root.putObject("grid");
        grid.put("left", 16).put("right", 28).put("top", 56).put("bottom", 16).put("containLabel", true);
        root.putObject("tooltip").put("trigger", "axis").put("confine", true);
        root.putObject("legend").put("top", 0).put("type", "scroll");
    }

    /** Category x axis; its name goes below the (possibly multi-line) labels. */
    ChartOption categoryX(String name, List<String> categories) {
        int lines = categories.stream().mapToInt(c -> c.split("\n", -1).length).max().orElse(1);
        ObjectNode axis = axis("xAxis", "category", name, categories).put("nameGap", 12 + 15 * lines);
        // An explicit line height: multi-line labels otherwise overlap in the SVG renderer.
        axis.putObject("axisLabel").put("lineHeight", 15);
        obj("grid").put("bottom", 26);
        return this;
    }

    ChartOption valueX(String name) {
        axis("xAxis", "value", name, null).put("nameGap", 26);
        obj("grid").put("bottom", 26);
        return this;
    }

    /** Category y axis listed top to bottom, its name above the labels. */
    ChartOption categoryY(String name, List<String> categories) {
        ObjectNode axis = axis("yAxis", "category", name, categories);
        axis.put("inverse", true).put("nameLocation", "start").put("nameGap", 10);
        ((ObjectNode) axis.get("nameTextStyle")).put("align", "right");
        return this;
    }

    /** Value y axis, its name above the axis (never clipped on the left). */
    ChartOption valueY(String name) {
        ObjectNode axis = axis("yAxis", "value", name, null);
        axis.put("nameLocation", "end").put("nameGap", 12);
        ((ObjectNode) axis.get("nameTextStyle")).put("align", "left");
        return this;
    }

    /** Both axes from 0 to 1: ROC, precision-recall and calibration plots; legend below. */
    ChartOption unitSquare(String xName, String yName) {
        axis("xAxis", "value", xName, null).put("min", 0).put("max", 1).put("nameGap", 26);
        ObjectNode y = axis("yAxis", "value", yName, null).put("min", 0).put("max", 1);
        y.put("nameLocation", "end").put("nameGap", 12);
        ((ObjectNode) y.get("nameTextStyle")).put("align", "left");
        obj("tooltip").put("trigger", "item");
        obj("legend").put("type", "plain").remove("top");
        obj("legend").put("bottom", 0);
        obj("grid").put("top", 30).put("bottom", 110);
        return this;
    }

    ChartOption itemTooltip() {
        obj("tooltip").put("trigger", "item");
        return this;
    }

    ChartOption noLegend() {
        obj("legend").put("show", false);
        return this;
    }

    ChartOption gridLeft(int px) {
        obj("grid").put("left", px);
        return this;
    }

    ChartOption gridBottom(int px) {
        obj("grid").put("bottom", px);
        return this;
    }

    /** @param stack series with the same non-null stack name are stacked */
    ChartOption bar(String name, String color, List<? extends Number> values, String stack) {
        ObjectNode s = add("bar", name, color);
        if (stack != null) {
            s.put("stack", stack);
        }
        fill(s.putArray("data"), values);
        return this;
    }

    ChartOption line(String name, String color, List<? extends Number> values) {
        ObjectNode s = add("line", name, color);
        s.put("symbolSize", 6);
        fill(s.putArray("data"), values);
        return this;
    }

    /** A line through (x, y) points on value axes. */
    ChartOption xyLine(String name, String color, List<double[]> points, boolean dashed, boolean symbols) {
        ObjectNode s = add("line", name, color);
        s.put("showSymbol", symbols).put("symbolSize", 7);
        if (dashed) {
            s.putObject("lineStyle").put("type", "dashed").put("width", 1);
        }
        ArrayNode data = s.putArray("data");
        for (double[] p : points) {
            data.addArray().add(Fmt.round(p[0], 4)).add(Fmt.round(p[1], 4));
        }
        return this;
    }

    /** One box per category: {min, q1, median, q3, max} each, coloured per box. */
    ChartOption boxplot(String name, List<double[]> boxes, List<String> colors) {
        ObjectNode s = add("boxplot", name, null);
        ArrayNode data = s.putArray("data");
        for (int i = 0; i < boxes.size(); i++) {
            ObjectNode item = data.addObject();
            ArrayNode v = item.putArray("value");
            for (double d : boxes.get(i)) {
                v.add(Fmt.round(d, 4));
            }
            item.putObject("itemStyle").put("borderColor", colors.get(i)).put("color", colors.get(i) + "33");
        }
        obj("tooltip").put("trigger", "item");
        return this;
    }

    /** Cells {x index, y index, value} with a colour scale from 0 to {@code max}. */
    ChartOption heatmap(String name, List<int[]> cells, long max) {
        ObjectNode s = add("heatmap", name, null);
        s.putObject("label").put("show", true).put("fontSize", 16);
        ArrayNode data = s.putArray("data");
        for (int[] c : cells) {
            data.addArray().add(c[0]).add(c[1]).add(c[2]);
        }
        ObjectNode vm = root.putObject("visualMap");
        vm.put("min", 0).put("max", Math.max(1, max)).put("calculable", false).put("show", false);
        vm.putObject("inRange").putArray("color").add("#f7fbff").add("#6baed6").add("#08519c");
        obj("tooltip").put("trigger", "item");
        return this;
    }

    /** A vertical reference line at x (on a value x axis), e.g. ratio 1. */
    ChartOption markX(double x, String label) {
        if (!series.isEmpty()) {
            ObjectNode ml = ((ObjectNode) series.get(series.size() - 1)).putObject("markLine");
            ml.put("symbol", "none").put("silent", true);
            ml.putObject("lineStyle").put("color", "#555").put("type", "dashed");
            ml.putObject("label").put("formatter", label);
            ml.putArray("data").addObject().put("xAxis", x);
        }
        return this;
    }

    ObjectNode build() {
        return root;
    }

    private ObjectNode obj(String field) {
        return (ObjectNode) root.get(field);
    }

    private ObjectNode add(String type, String name, String color) {
        ObjectNode s = series.addObject();
        s.put("type", type).put("name", name);
        if (color != null) {
            s.putObject("itemStyle").put("color", color);
            if ("line".equals(type)) {
                s.putObject("lineStyle").put("color", color).put("width", 2);
            }
        }
        return s;
    }

    private ObjectNode axis(String which, String type, String name, List<String> categories) {
        ObjectNode axis = root.putObject(which);
        axis.put("type", type).put("name", name).put("nameLocation", "middle");
        axis.putObject("nameTextStyle").put("fontWeight", "bold").put("color", "#333");
        if (categories != null) {
            ArrayNode data = axis.putArray("data");
            categories.forEach(data::add);
        }
        return axis;
    }

    private static void fill(ArrayNode data, List<? extends Number> values) {
        for (Number v : values) {
            if (v == null) {
                data.addNull();
            } else if (v instanceof Long || v instanceof Integer) {
                data.add(v.longValue());
            } else {
                data.add(Fmt.round(v.doubleValue(), 4));
            }
        }
    }
}
