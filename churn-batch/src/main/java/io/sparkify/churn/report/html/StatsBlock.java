package io.sparkify.churn.report.html;

import java.util.List;

/** A row of headline numbers, each with a label and a short note. */
public record StatsBlock(String id, List<Stat> stats) implements Block {

    public record Stat(String id, String label, String value, String note) {
    }

    public StatsBlock {
        stats = List.copyOf(stats);
    }
}
