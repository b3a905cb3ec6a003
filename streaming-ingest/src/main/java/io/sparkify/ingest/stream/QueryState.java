package io.sparkify.ingest.stream;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where one ingest query stands on disk before it starts: the latest batch id in its table's
 * file-sink log ({@code <table>/_spark_metadata}) and in its checkpoint's offset and commit logs.
 * Spark writes a batch's offsets first, then its files and sink-log entry, then the commit, so a
 * healthy pair has {@code committed <= sink <= committed + 1}.
 *
 * @param table {@code events} or {@code quarantine}
 * @param tableUri the table's directory
 * @param checkpointUri the query's checkpoint directory
 * @param sinkBatch latest batch id in the table's sink log
 * @param plannedBatch latest batch id in the checkpoint's offset log
 * @param committedBatch latest batch id in the checkpoint's commit log
 */
record QueryState(String table, String tableUri, String checkpointUri, OptionalLong sinkBatch,
        OptionalLong plannedBatch, OptionalLong committedBatch) {

    static final String SINK_LOG_DIR = "_spark_metadata";

    static QueryState read(String table, String tableUri, String checkpointUri, Configuration conf) {
        try {
            return new QueryState(table, tableUri, checkpointUri,
                    latestBatchId(new Path(tableUri, SINK_LOG_DIR), conf),
                    latestBatchId(new Path(checkpointUri, "offsets"), conf),
                    latestBatchId(new Path(checkpointUri, "commits"), conf));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state of " + tableUri + " and " + checkpointUri
                    + ": " + e.getMessage(), e);
        }
    }

    /** The query has planned a batch: Spark resumes it from its checkpoint and ignores starting offsets. */
    boolean started() {
        return plannedBatch.isPresent();
    }

    /** Largest {@code N} or {@code N.compact} file name in a metadata log directory; empty if none. */
    static OptionalLong latestBatchId(Path dir, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        FileStatus[] files;
        try {
            if (!fs.getFileStatus(dir).isDirectory()) {
                return OptionalLong.empty();
            }
            files = fs.listStatus(dir);
        } catch (FileNotFoundException | org.apache.hadoop.fs.ParentNotDirectoryException e) {
            return OptionalLong.empty();
        }
        long latest = -1;
        for (FileStatus f : files) {
            String name = f.getPath().getName();
            String id = name.endsWith(".compact") ? name.substring(0, name.length() - ".compact".length()) : name;
            if (!id.isEmpty() && id.chars().allMatch(Character::isDigit)) {
                latest = Math.max(latest, Long.parseLong(id));
            }
        }
        return latest < 0 ? OptionalLong.empty() : OptionalLong.of(latest);
    }
}
