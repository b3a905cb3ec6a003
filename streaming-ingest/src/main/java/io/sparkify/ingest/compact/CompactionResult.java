package io.sparkify.ingest.compact;

/**
 * What one {@code OPTIMIZE} did to one table.
 *
 * @param table {@code events} or {@code quarantine}
 * @param filesRemoved files replaced (still on disk for readers of older versions until {@code vacuum})
 * @param filesAdded files written
 * @param versionBefore the table version the compaction read; a reader pinned to it reads the table as before
 *     (-1: no table yet)
 * @param versionAfter the version the compaction committed ({@code versionBefore} when nothing was rewritten)
 * @param zOrdered the rows were clustered by {@code userId}
 */
public record CompactionResult(String table, long filesRemoved, long filesAdded, long versionBefore, long versionAfter,
        boolean zOrdered) {
}
