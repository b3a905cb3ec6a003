package io.sparkify.ingest.compact;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import io.sparkify.cli.ExitCodes;
import io.sparkify.cli.UserException;
import io.sparkify.ingest.lake.LakeTables;
import io.sparkify.lake.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites one day of the lake into few files while the ingest job and readers keep running.
 *
 * <p>Readers of a table read it by its path, so Spark lists the files through the sink's
 * {@code _spark_metadata} log, never the directory. Compaction therefore (1) writes the day's rows
 * to new files and checks row count and a checksum of the Kafka coordinates against the
 * originals, (2) moves them into the day's directory, where no reader sees them yet, (3) replaces
 * the one log file that lists the originals with a copy listing the new files instead, by an
 * atomic rename, so a reader sees either all old or all new files of that group, (4) checks the
 * log again, waits a grace period for scans planned before the switch, checks again and deletes
 * the replaced files. Log files of the last two batches are left alone: the running stream keeps
 * those in memory and would write their old content back into its next log compaction.
 */
public final class LakeCompactor {

    private static final Logger LOG = LoggerFactory.getLogger(LakeCompactor.class);
    private static final String WORK_DIR = "_compaction";
    /** The ingest job's sink log caches its latest batches; their files are never rewritten. */
    private static final int RECENT_BATCHES = 2;

    private final SparkSession spark;
    private final CompactionSettings settings;
    private final Configuration conf;

    public LakeCompactor(SparkSession spark, CompactionSettings settings) {
        this.spark = spark;
        this.settings = settings;
        this.conf = spark.sparkContext().hadoopConfiguration();
    }

    /** Compacts the day in events (by event_date) and in quarantine (by ingest_date). */
    public List<CompactionResult> run() {
        LakeLayout lake = settings.lake();
        return List.of(
                compact(LakeLayout.EVENTS_DIR, lake.events(), LakeLayout.EVENT_DATE, LakeTables.EVENTS),
                compact(LakeLayout.QUARANTINE_DIR, lake.quarantine(), LakeLayout.QUARANTINE_DATE, LakeTables.QUARANTINE));
    }

    CompactionResult compact(String tableName, String tableUri, String partitionColumn, StructType schema) {
        try {
            Path table = new Path(tableUri);
            FileSystem fs = table.getFileSystem(conf);
            SinkLog log = new SinkLog(table, conf);
            if (!fs.exists(table)) {
                return new CompactionResult(tableName, 0, 0, 0, 0);
            }
            if (!log.exists()) {
                throw new UserException(ExitCodes.USAGE, tableUri + " has no " + SinkLog.METADATA_DIR
                        + " log: it was not written by the ingest job, so compaction cannot switch files atomically");
            }
            Path lock = new Path(settings.lake().root() + "/" + WORK_DIR + "/" + tableName + ".lock");
            try {
                fs.create(lock, false).close();
            } catch (FileAlreadyExistsException e) {
                throw new UserException(ExitCodes.LOCKED, "another compaction of " + tableUri + " is running ("
                        + lock + " exists; delete it if no compaction is running)");
            }
            try {
                return compactLocked(tableName, table, partitionColumn, schema, fs, log);
            } finally {
                fs.delete(lock, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("compaction of " + tableUri + " failed: " + e.getMessage(), e);
        }
    }

    private CompactionResult compactLocked(String tableName, Path table, String partitionColumn, StructType schema,
            FileSystem fs, SinkLog log) throws IOException {
        String partitionDir = partitionColumn + "=" + settings.date();
        TreeMap<Long, SinkLog.BatchFile> files = log.batchFiles();
        if (files.isEmpty()) {
            return new CompactionResult(tableName, 0, 0, 0, 0);
        }
        long latest = files.lastKey();
        Map<SinkLog.BatchFile, List<SinkLog.Entry>> groups = new LinkedHashMap<>();
        int before = 0;
        int skippedRecent = 0;
        for (SinkLog.BatchFile bf : log.readable(files)) {
            for (SinkLog.Entry e : log.entries(bf)) {
                if (!toPath(e.path()).getParent().getName().equals(partitionDir)) {
                    continue;
                }
                before++;
                if (bf.batchId() > latest - RECENT_BATCHES) {
                    skippedRecent++;
                } else {
                    groups.computeIfAbsent(bf, k -> new ArrayList<>()).add(e);
                }
            }
        }
        checkAgainstSpark(table, schema, partitionDir, log);

        List<Switch> switches = new ArrayList<>();
        long rows = 0;
        for (Map.Entry<SinkLog.BatchFile, List<SinkLog.Entry>> g : groups.entrySet()) {
            if (g.getValue().size() < 2) {
                continue;
            }
            Switch s = rewriteGroup(tableName, fs, log, g.getKey(), g.getValue());
            switches.add(s);
            rows += s.rows;
        }
        if (!switches.isEmpty()) {
            sleep(settings.grace().toMillis());
            for (Switch s : switches) {
                s.finish(fs, log);
            }
        }
        int after = 0;
        for (String p : log.visiblePaths()) {
            if (toPath(p).getParent().getName().equals(partitionDir)) {
                after++;
            }
        }
        CompactionResult result = new CompactionResult(tableName, before, after, rows, skippedRecent);
        LOG.info("compacted {} {}: {} files -> {} ({} rows rewritten, {} files of the last {} batches left for later)",
                tableName, partitionDir, before, after, rows, skippedRecent, RECENT_BATCHES);
        return result;
    }

    /** One group of files replaced in one log file; finished after the grace period. */
    private final class Switch {
        private final Set<String> oldPaths;
        private final Set<String> newPaths;
        private final long rows;

        Switch(Set<String> oldPaths, Set<String> newPaths, long rows) {
            this.oldPaths = oldPaths;
            this.newPaths = newPaths;
            this.rows = rows;
        }

        /** Deletes the files no reader can see any more: the old ones, or the new ones if the switch was undone. */
        void finish(FileSystem fs, SinkLog log) throws IOException {
            Set<String> visible = log.visiblePaths();
            boolean switched = visible.containsAll(newPaths) && oldPaths.stream().noneMatch(visible::contains);
            boolean undone = visible.containsAll(oldPaths) && newPaths.stream().noneMatch(visible::contains);
            if (switched) {
                for (String p : oldPaths) {
                    fs.delete(toPath(p), false);
                }
            } else if (undone) {
                // The stream's own log compaction read the log file before the switch; its result
                // (the old files) is consistent, so only the unused new files go.
                LOG.warn("the ingest job's log compaction overlapped this run; {} files left as they were, run compact again",
                        oldPaths.size());
                for (String p : newPaths) {
                    fs.delete(toPath(p), false);
                }
            } else {
                throw new IllegalStateException("sink log lists a mix of replaced and new files; not deleting any: "
                        + oldPaths + " / " + newPaths);
            }
        }
    }

    private Switch rewriteGroup(String tableName, FileSystem fs, SinkLog log, SinkLog.BatchFile logFile,
            List<SinkLog.Entry> entries) throws IOException {
        Set<String> oldPaths = new HashSet<>();
        List<String> readPaths = new ArrayList<>();
        long bytes = 0;
        for (SinkLog.Entry e : entries) {
            oldPaths.add(e.path());
            Path p = toPath(e.path());
            readPaths.add(p.toString());
            bytes += fs.getFileStatus(p).getLen();
        }
        Path partitionPath = toPath(entries.get(0).path()).getParent();
        Dataset<Row> old = spark.read().parquet(readPaths.toArray(String[]::new));
        Row expected = fingerprint(old);
        int outputFiles = (int) Math.max(1, (bytes + settings.targetFileBytes() - 1) / settings.targetFileBytes());
        String runId = UUID.randomUUID().toString();
        Path staging = new Path(settings.lake().root() + "/" + WORK_DIR + "/" + tableName + "-" + runId);
        try {
            old.coalesce(outputFiles)
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
            log.rewrite(logFile, oldPaths, newEntries);
            LOG.info("switched {} files of {} to {} in {}", oldPaths.size(), partitionPath, newPaths.size(),
                    logFile.path().getName());
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

    /** Our reading of the log must give the files Spark itself reads, or we must not touch it. */
    private void checkAgainstSpark(Path table, StructType schema, String partitionDir, SinkLog log) throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            Set<String> ours = localPaths(log.visiblePaths());
            Set<String> sparks = localPaths(List.of(spark.read().schema(schema).parquet(table.toString()).inputFiles()));
            // The stream may commit a batch in between: agree on a moment when the log did not move.
            if (ours.equals(sparks) && ours.equals(localPaths(log.visiblePaths()))) {
                return;
            }
        }
        throw new IllegalStateException("the sink log of " + table + " reads differently from Spark's; not compacting "
                + partitionDir);
    }

    private static Set<String> localPaths(Iterable<String> uris) {
        Set<String> out = new HashSet<>();
        for (String u : uris) {
            out.add(toPath(u).toUri().getPath());
        }
        return out;
    }

    private static Path toPath(String uriString) {
        try {
            return new Path(new URI(uriString));
        } catch (URISyntaxException e) {
            return new Path(uriString);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the grace period; replaced files were kept");
        }
    }
}
