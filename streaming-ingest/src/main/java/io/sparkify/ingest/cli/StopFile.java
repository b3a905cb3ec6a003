package io.sparkify.ingest.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A marker file that asks a running ingest to stop after its running micro-batch: the graceful
 * stop where a signal cannot give one (YARN follows SIGTERM with SIGKILL 250 ms later by
 * default). Any Hadoop URI; looked at once a second at most; deleted once the run has stopped,
 * so the next run starts normally.
 */
final class StopFile {

    private static final Logger LOG = LoggerFactory.getLogger(StopFile.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Path path;
    private final FileSystem fs;
    private long nextCheck = System.nanoTime();
    private boolean seen;

    StopFile(String uri, Configuration conf) {
        this.path = new Path(uri);
        try {
            this.fs = path.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("--stop-file " + uri + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** True once the file exists (then stays true). A file system error counts as "not yet". */
    boolean requested() {
        if (seen || System.nanoTime() < nextCheck) {
            return seen;
        }
        nextCheck = System.nanoTime() + CHECK_EVERY_NANOS;
        try {
            // Only a complete file counts: acting on one still being created (hdfs dfs -touchz) would delete it
            // under its writer, whose close then fails and reports the stop request as failed.
            seen = fs.exists(path) && (!(fs instanceof DistributedFileSystem dfs) || dfs.isFileClosed(path));
        } catch (java.io.FileNotFoundException e) {
            seen = false;
        } catch (IOException e) {
            LOG.warn("cannot check the stop file {}: {}", path, e.toString());
        }
        if (seen) {
            LOG.info("stop requested by {}: stopping after the running micro-batches", path);
        }
        return seen;
    }

    /** Deletes the file after the stop it asked for. */
    void consume() {
        try {
            fs.delete(path, false);
        } catch (IOException e) {
            LOG.warn("stopped, but cannot delete the stop file {} (delete it before the next run): {}", path, e.toString());
        }
    }
}
