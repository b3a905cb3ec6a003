package io.sparkify.validation;

import io.sparkify.model.RejectReason;
import java.util.List;
import java.util.Map;

/**
 * What {@link LogValidator} found in one log: every line is exactly one of valid, invalid or blank.
 *
 * @param source file name as given, or {@code <stdin>}
 * @param gzipped whether the content was gzip-compressed
 */
public record ValidationSummary(String source, boolean gzipped, long lines, long valid, long invalid, long blank,
                                RejectCounts rejects) {

    /** Invalid-line counts by reason code (the `--json` {@code reasons} object). */
    public Map<String, Long> reasons() {
        return rejects.byCode();
    }

    public List<Long> firstLines(RejectReason reason) {
        return rejects.firstLines(reason);
    }

    /** What was wrong with the first line with this reason (field, column, byte offset), or null. */
    public String firstDetail(RejectReason reason) {
        return rejects.firstDetail(reason);
    }
}
