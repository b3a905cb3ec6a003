package io.sparkify.ingest.compact;

import io.sparkify.cli.ExitCodes;
import io.sparkify.cli.UserException;
import io.sparkify.ingest.lake.LakeTables;
import io.sparkify.lake.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
 * atomic rename, so a reader sees either all old or all new files of that group, (4) waits a
 * grace period for scans planned before the switch, checks the log and deletes the replaced files.
 *
 * <p>Any log file a reader reads may be rewritten, the newest ones included: Spark 4's
 * file-sink log ({@code FileStreamSinkLog}) keeps no entries in memory (its metadata cache is off)
 * and the running stream only ever reads the log when it writes its own log compaction. If that
 * compaction read a log file just before the switch, its result lists the old files again, which
 * is consistent too: step (4) sees it, deletes the new files instead and says to run again.
 */
public final class LakeCompactor {

    private static final Logger LOG = LoggerFactory.getLogger(LakeCompactor.class);
    private static final String WORK_DIR = "_compaction";
    /** Spark's setting for how often the file sink folds its log into one {@code N.compact} file. */
    private static final String COMPACT_INTERVAL_KEY = "spark.sql.streaming.fileSink.log.compactInterval";

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
                return CompactionResult.empty(tableName, "no table yet");
            }
            if (!log.exists()) {
                throw new UserException(ExitCodes.USAGE, tableUri + " has no " + SinkLog.METADATA_DIR
                        + " log: it was not written by the ingest job, so compaction cannot switch files atomically");
            }
            Path lock = new Path(workDir(), tableName + ".lock");
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
        DayPlan plan = DayPlan.of(log, fs, partitionDir, settings.targetFileBytes());
        checkAgainstSpark(table, schema, partitionDir, log);

        GroupRewriter rewriter = new GroupRewriter(spark, fs, log, workDir());
        List<GroupRewriter.Switch> switches = new ArrayList<>();
        for (DayPlan.Group g : plan.groups()) {
            switches.add(rewriter.rewrite(tableName, g));
        }
        long rows = 0;
        int undoneFiles = 0;
        if (!switches.isEmpty()) {
            sleep(settings.grace().toMillis());
            for (GroupRewriter.Switch s : switches) {
                if (s.finish(fs, log)) {
                    rows += s.rows();
                } else {
                    undoneFiles += s.oldFiles();
                }
            }
        }
        int after = 0;
        for (String p : log.visiblePaths()) {
            if (DayPlan.toPath(p).getParent().getName().equals(partitionDir)) {
                after++;
            }
        }
        List<String> notes = new ArrayList<>();
        if (undoneFiles > 0) {
            notes.add(undoneFiles + " files left as they were: the ingest job's log compaction read the log just "
                    + "before the switch and listed them again; run compact again");
        }
        String left = plan.leftNote(Integer.parseInt(spark.conf().get(COMPACT_INTERVAL_KEY, "10").trim()));
        if (!left.isEmpty()) {
            notes.add(left);
        }
        CompactionResult result = new CompactionResult(tableName, plan.filesBefore(), after, rows,
                plan.alone() + undoneFiles, String.join("; ", notes));
        LOG.info("compacted {} {}: {} files -> {} ({} rows rewritten){}", tableName, partitionDir, plan.filesBefore(),
                after, rows, result.note().isEmpty() ? "" : "; " + result.note());
        return result;
    }

    private Path workDir() {
        return new Path(settings.lake().root() + "/" + WORK_DIR);
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
            out.add(DayPlan.toPath(u).toUri().getPath());
        }
        return out;
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
