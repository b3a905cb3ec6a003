package io.sparkify.validation;

import io.sparkify.model.RejectReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rejected lines counted by reason, with the first few line numbers of each and the detail of
 * the first one (field, column, byte offset) so a user can go and look. Constant memory whatever
 * the input size. Not thread-safe.
 */
public final class RejectCounts {

    /** How many line numbers are kept per reason. */
    public static final int EXAMPLES_PER_REASON = 5;

    private final Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, List<Long>> firstLines = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, String> firstDetails = new EnumMap<>(RejectReason.class);
    private long total;

    public void record(RejectReason reason, long lineNumber) {
        record(reason, lineNumber, null);
    }

    /** @param detail what the codec said about this line (may be null); kept for the first line of each reason */
    public void record(RejectReason reason, long lineNumber, String detail) {
        if (!counts.containsKey(reason) && detail != null) {
            firstDetails.put(reason, detail);
        }
        counts.merge(reason, 1L, Long::sum);
        List<Long> lines = firstLines.computeIfAbsent(reason, r -> new ArrayList<>(EXAMPLES_PER_REASON));
        if (lines.size() < EXAMPLES_PER_REASON) {
            lines.add(lineNumber);
        }
        total++;
    }

    public long total() {
        return total;
    }

    public long count(RejectReason reason) {
        return counts.getOrDefault(reason, 0L);
    }

    /** Counts keyed by the reason's public code, in {@link RejectReason} order. */
    public Map<String, Long> byCode() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((r, n) -> out.put(r.code(), n));
        return out;
    }

    /** Up to {@link #EXAMPLES_PER_REASON} first line numbers with this reason. */
    public List<Long> firstLines(RejectReason reason) {
        return Collections.unmodifiableList(firstLines.getOrDefault(reason, List.of()));
    }

    /** The detail of the first line with this reason, or null when it had none. */
    public String firstDetail(RejectReason reason) {
        return firstDetails.get(reason);
    }

    public Map<RejectReason, Long> asMap() {
        return Collections.unmodifiableMap(counts);
    }
}
