package io.sparkify.ingest.compact;

import io.sparkify.lake.LakeLayout;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One compaction (Delta's {@code OPTIMIZE}) of the lake.
 *
 * @param lake the lake whose tables are compacted
 * @param from first day, inclusive ({@code event_date} of events, {@code ingest_date} of quarantine); null for no bound
 * @param to last day, inclusive; null for no bound
 * @param targetFileBytes the size the rewritten files aim for ({@code spark.databricks.delta.optimize.maxFileSize})
 * @param zOrderByUser also cluster the events' rows by {@code userId} (Z-order), so per-user reads skip files
 */
public record CompactionSettings(LakeLayout lake, LocalDate from, LocalDate to, long targetFileBytes,
        boolean zOrderByUser) {

    public static final long DEFAULT_TARGET_FILE_BYTES = 128L << 20;
    /** The events column a Z-order clusters by. */
    public static final String Z_ORDER_COLUMN = "userId";

    public CompactionSettings {
        Objects.requireNonNull(lake, "lake");
        if (targetFileBytes <= 0) {
            throw new IllegalArgumentException("target file size must be positive");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** Every day of the lake. */
    public static CompactionSettings all(LakeLayout lake) {
        return new CompactionSettings(lake, null, null, DEFAULT_TARGET_FILE_BYTES, false);
    }

    /** One day. */
    public static CompactionSettings day(LakeLayout lake, LocalDate day) {
        return new CompactionSettings(lake, day, day, DEFAULT_TARGET_FILE_BYTES, false);
    }

    /** The {@code OPTIMIZE ... WHERE} predicate on a table's partition column; null for the whole table. */
    String predicate(String partitionColumn) {
        if (from == null && to == null) {
            return null;
        }
        if (from != null && from.equals(to)) {
            return partitionColumn + " = DATE'" + from + "'";
        }
        StringBuilder p = new StringBuilder();
        if (from != null) {
            p.append(partitionColumn).append(" >= DATE'").append(from).append("'");
        }
        if (to != null) {
            p.append(p.isEmpty() ? "" : " AND ").append(partitionColumn).append(" <= DATE'").append(to).append("'");
        }
        return p.toString();
    }

    /** {@code all}, {@code 2026-12-01}, {@code 2026-12-01..2026-12-07}, {@code ..2026-12-07}. */
    public String describe() {
        if (from == null && to == null) {
            return "all";
        }
        if (from != null && from.equals(to)) {
            return from.toString();
        }
        return (from == null ? "" : from.toString()) + ".." + (to == null ? "" : to.toString());
    }
}
