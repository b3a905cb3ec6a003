package io.sparkify.churn.report.html;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A chart: its title, the one-line reading computed from its data, and the ECharts option the
 * page's script renders.
 *
 * @param height in pixels
 * @param small true for the small multiples (several per row)
 */
public record ChartBlock(String id, String title, String reading, ObjectNode option, int height, boolean small)
        implements Block {

    public ChartBlock(String id, String title, String reading, ObjectNode option) {
        this(id, title, reading, option, 360, false);
    }
}
