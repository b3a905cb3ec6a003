package io.sparkify.ingest.compact;

/**
 * What compaction did to one table's day.
 *
 * @param table {@code events} or {@code quarantine}
 * @param filesBefore visible files of the day before
 * @param filesAfter visible files of the day after
 * @param rows rows of the rewritten files (equal before and after, checked)
 * @param filesLeft files of the day that could not be merged in this run (see {@code note})
 * @param note why files were left, or what else the user should know; empty when nothing to say
 */
public record CompactionResult(String table, int filesBefore, int filesAfter, long rows, int filesLeft, String note) {

    static CompactionResult empty(String table, String note) {
        return new CompactionResult(table, 0, 0, 0, 0, note);
    }
}
