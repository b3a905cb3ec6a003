package io.sparkify.churn.report.html;

import java.util.List;

/** A titled part of the report with an introduction (how its numbers are computed) and its blocks. */
public record Section(String id, String title, String intro, List<Block> blocks) {

    public Section {
        blocks = List.copyOf(blocks);
    }
}
