package io.sparkify.ingest.compact;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import io.sparkify.lake.LakeLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites one group of a day's files (those one log file lists) into fewer files and switches
 * the log file to them: write to staging, check row count and a checksum of the Kafka
 * coordinates against the originals, move the new files beside the old ones (no log lists them
 * yet, so no reader sees them), then replace the log file by one atomic rename.
 */
final class GroupRewriter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupRewriter.class);

    private final SparkSession spark;
    private final FileSystem fs;
    private final SinkLog log;
    private final Path workDir;

    GroupRewriter(SparkSession spark, FileSystem fs, SinkLog log, Path workDir) {
        this.spark = spark;
        this.fs = fs;
        this.log = log;
        this.workDir = workDir;
    }

    /** The files replaced in one log file; {@link #finish} after the grace period deletes what no reader sees any more. */
    static final class Switch {
        private final Set<String> oldPaths;
        private final Set<String> newPaths;
        private final long rows;

        Switch(Set<String> oldPaths, Set<String> newPaths, long rows) {
            this.oldPaths = oldPaths;
            this.newPaths = newPaths;
            this.rows = rows;
        }

        long rows() {
            return rows;
        }

        int oldFiles() {
            return oldPaths.size();
        }

        /**
         * Deletes the old files if the log lists the new ones; or the new ones, if the stream's
         * own log compaction read the log file before the switch and wrote the old list back
         * (consistent too). Returns false in that second case: nothing changed.
         */
        boolean finish(FileSystem fs, SinkLog log) throws IOException {
            Set<String> visible = log.visiblePaths();
            boolean switched = visible.containsAll(newPaths) && oldPaths.stream().noneMatch(visible::contains);
            boolean undone = visible.containsAll(oldPaths) && newPaths.stream().noneMatch(visible::contains);
            if (switched) {
                for (String p : oldPaths) {
                    fs.delete(DayPlan.toPath(p), false);
                }
                return true;
            }
            if (undone) {
                LOG.warn("the ingest job's log compaction overlapped this run; {} files left as they were, run compact again",
                        oldPaths.size());
                for (String p : newPaths) {
                    fs.delete(DayPlan.toPath(p), false);
                }
                return false;
            }
            throw new IllegalStateException("sink log lists a mix of replaced and new files; not deleting any: "
                    + oldPaths + " / " + newPaths);
        }
    }

    Switch rewrite(String tableName, DayPlan.Group group) throws IOException {
        Set<String> oldPaths = new HashSet<>();
        List<String> readPaths = new ArrayList<>();
        for (SinkLog.Entry e : group.entries()) {
            oldPaths.add(e.path());
            readPaths.add(DayPlan.toPath(e.path()).toString());
        }
        Path partitionPath = DayPlan.toPath(group.entries().get(0).path()).getParent();
        Dataset<Row> old = spark.read().parquet(readPaths.toArray(String[]::new));
        Row expected = fingerprint(old);
        String runId = UUID.randomUUID().toString();
        Path staging = new Path(workDir, tableName + "-" + runId);
        try {
            old.coalesce(group.outputFiles())
                    .sortWithinPartitions(LakeLayout.KAFKA_PARTITION, LakeLayout.KAFKA_OFFSET)
                    .write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
            Row actual = fingerprint(spark.read().parquet(staging.toString()));
            if (!expected.equals(actual)) {
                throw new IllegalStateException("rewritten files of " + partitionPath + " do not match the originals ("
                        + actual + " vs " + expected + "); nothing changed");
            }
            List<String> newEntries = new ArrayList<>();
            Set<String> newPaths = new HashSet<>();
            int i = 0;
            for (FileStatus st : fs.listStatus(staging)) {
                String name = st.getPath().getName();
                if (!name.endsWith(".parquet") || name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                Path target = new Path(partitionPath, String.format("part-%05d-compacted-%s.parquet", i++, runId));
                if (!fs.rename(st.getPath(), target)) {
                    throw new IOException("cannot move " + st.getPath() + " to " + target);
                }
                FileStatus moved = fs.getFileStatus(target);
                newEntries.add(SinkLog.entryFor(moved));
                newPaths.add(moved.getPath().toUri().toString());
            }
            log.rewrite(group.logFile(), oldPaths, newEntries);
            LOG.info("switched {} files of {} to {} in {}", oldPaths.size(), partitionPath, newPaths.size(),
                    group.logFile().path().getName());
            return new Switch(oldPaths, newPaths, expected.getLong(0));
        } finally {
            fs.delete(staging, true);
        }
    }

    /** Row count and an order-independent checksum of the Kafka coordinates. */
    private static Row fingerprint(Dataset<Row> df) {
        return df.agg(count(lit(1)),
                sum(pmod(xxhash64(col(LakeLayout.KAFKA_TOPIC), col(LakeLayout.KAFKA_PARTITION),
                        col(LakeLayout.KAFKA_OFFSET)), lit(Integer.MAX_VALUE)))).first();
    }
}
