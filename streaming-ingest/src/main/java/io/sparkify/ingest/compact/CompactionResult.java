package io.sparkify.ingest.compact;

/**
 * What compaction did to one table's day.
 *
 * @param table {@code events} or {@code quarantine}
 * @param filesBefore visible files of the day before
 * @param filesAfter visible files of the day after
 * @param rows rows of the rewritten files (equal before and after, checked)
 * @param skippedRecent files of the day left alone because the running ingest job may still
 *     hold their log entries in memory (the last two batches); a later run compacts them
 */
public record CompactionResult(String table, int filesBefore, int filesAfter, long rows, int skippedRecent) {
}
