package io.sparkify.churn.report.html;

import java.util.List;

/**
 * A table with a title and a one-line reading; cells are already formatted text.
 *
 * @param wide spans the whole row of the section
 */
public record TableBlock(String id, String title, String reading, List<String> headers, List<List<String>> rows,
                         boolean wide) implements Block {

    public TableBlock {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
