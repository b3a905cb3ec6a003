package io.sparkify.churn.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.sparkify.churn.features.ChurnDefinition;
import io.sparkify.error.InvalidInputException;
import io.sparkify.lake.AsOf;
import io.sparkify.lake.DeltaTables;
import io.sparkify.lake.LakeLayout;
import io.sparkify.model.json.EventCodec;
import io.sparkify.model.spark.EventSchema;
import io.sparkify.model.spark.SparkEventDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Loads events for the churn job from any Hadoop URI, detecting what it is:
 * <ul>
 *   <li>a lake root (a directory with {@code events/}): its Delta table of events, read at one version (the
 *       latest, or the one {@link AsOf} names, recorded as {@code table_version}), and its quarantine counted
 *       as rejects; a lake of the previous release (parquet with {@code _spark_metadata}) is refused, naming
 *       {@code convert-lake};</li>
 *   <li>a Delta table (e.g. {@code <lake>/events}), a parquet directory or a parquet file;</li>
 *   <li>a JSON-lines log ({@code .json}, {@code .json.gz}, any other file name): read as text and decoded with the
 *       common-model codec ({@link SparkEventDecoder}), never a Spark JSON schema, so the same lines are valid
 *       here as for {@code validate} and the producer. Rejected lines are counted by reason.</li>
 * </ul>
 * Events with an empty userId are dropped and counted. The result is cached: callers run several passes.
 */
public final class EventSource {

    private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};

    private EventSource() {
    }

    public static LoadedEvents load(SparkSession spark, String uri) {
        return load(spark, uri, AsOf.LATEST);
    }

    /** @param asOf the version of a lake's (or Delta table's) events to read; only the latest for other inputs */
    public static LoadedEvents load(SparkSession spark, String uri, AsOf asOf) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidInputException("--input is empty");
        }
        Path path = new Path(uri);
        FileStatus status;
        FileSystem fs;
        try {
            fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                throw new InvalidInputException("input not found: " + uri);
            }
            status = fs.getFileStatus(path);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read input " + uri + ": " + e.getMessage(), e);
        }
        if (status.isDirectory()) {
            return loadDirectory(spark, fs, path, uri, asOf);
        }
        if (!asOf.latest()) {
            throw new InvalidInputException("--as-of-version/--as-of-timestamp need a lake or a Delta table, not "
                    + uri);
        }
        String name = path.getName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return fromParquet(spark, spark.read().parquet(uri), uri, "parquet", Map.of(), 0, null);
        }
        if (!name.endsWith(".gz") && startsWithGzipMagic(fs, path)) {
            throw new InvalidInputException(uri + " is gzip-compressed but its name does not end in .gz; "
                    + "Spark decompresses by suffix: rename it to " + path.getName() + ".gz");
        }
        return fromJsonLines(spark, uri);
    }

    private static LoadedEvents loadDirectory(SparkSession spark, FileSystem fs, Path dir, String uri, AsOf asOf) {
        try {
            LakeLayout lake = new LakeLayout(uri);
            Path events = new Path(lake.events());
            if (fs.exists(events) && fs.getFileStatus(events).isDirectory()) {
                if (!DeltaTables.exists(spark, lake.events())) {
                    throw new InvalidInputException(lake.events() + " is not a Delta table (no _delta_log)");
                }
                Map<String, Long> quarantined = new LinkedHashMap<>();
                long quarantineRows = 0;
                if (DeltaTables.exists(spark, lake.quarantine())) {
                    // The quarantine is a table of its own: its latest version, or the one current at the timestamp.
                    AsOf quarantineAsOf = asOf.timestamp() != null ? asOf : AsOf.LATEST;
                    Dataset<Row> q = DeltaTables.read(spark, lake.quarantine(), quarantineAsOf).rows();
                    for (Row r : q.groupBy(LakeLayout.REASON).count().collectAsList()) {
                        String reason = r.isNullAt(0) ? "unknown" : r.getString(0);
                        quarantined.merge(reason, r.getLong(1), Long::sum);
                        quarantineRows += r.getLong(1);
                    }
                }
                DeltaTables.Pinned pinned = DeltaTables.read(spark, lake.events(), asOf);
                return fromParquet(spark, pinned.rows(), uri, "delta", quarantined, quarantineRows, pinned.version());
            }
            if (DeltaTables.exists(spark, uri)) {
                DeltaTables.Pinned pinned = DeltaTables.read(spark, uri, asOf);
                return fromParquet(spark, pinned.rows(), uri, "delta", Map.of(), 0, pinned.version());
            }
            if (!asOf.latest()) {
                throw new InvalidInputException("--as-of-version/--as-of-timestamp need a lake or a Delta "
                        + "table, not " + uri);
            }
            if (!hasData(fs, dir)) {
                throw new InvalidInputException("input directory " + uri
                        + " holds no data: expected a lake root (with events/), a parquet directory or a .json[.gz] file");
            }
            return fromParquet(spark, spark.read().parquet(uri), uri, "parquet", Map.of(), 0, null);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read input " + uri + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasData(FileSystem fs, Path dir) throws IOException {
        return Arrays.stream(fs.listStatus(dir)).anyMatch(s -> !s.getPath().getName().startsWith("_")
                && !s.getPath().getName().startsWith("."));
    }

    private static boolean startsWithGzipMagic(FileSystem fs, Path file) {
        try (InputStream in = fs.open(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == GZIP_MAGIC[0] && head[1] == GZIP_MAGIC[1];
        } catch (IOException e) {
            throw new InvalidInputException("cannot read input " + file + ": " + e.getMessage(), e);
        }
    }

    private static LoadedEvents fromJsonLines(SparkSession spark, String uri) {
        Dataset<Row> text = spark.read().text(uri);
        // A .gz file is not splittable: Spark reads it as one partition, and every later stage (decoding, the
        // features, every model fit) would run on one core. Spread the lines once, before decoding.
        int parallelism = spark.sparkContext().defaultParallelism();
        if (text.rdd().getNumPartitions() < parallelism) {
            text = text.repartition(parallelism);
        }
        Dataset<Row> decoded = SparkEventDecoder.decode(text, "value", EventCodec.DEFAULT_MAX_LINE_BYTES)
                .drop("value")
                .persist(StorageLevel.MEMORY_AND_DISK());
        Map<String, Long> rejected = new LinkedHashMap<>();
        long lines = 0;
        for (Row r : decoded.groupBy(SparkEventDecoder.REJECT_REASON).count().collectAsList()) {
            lines += r.getLong(1);
            if (!r.isNullAt(0)) {
                rejected.put(r.getString(0), r.getLong(1));
            }
        }
        Dataset<Row> valid = decoded.filter(col(SparkEventDecoder.REJECT_REASON).isNull())
                .select(Arrays.stream(EventSchema.columnNames()).map(c -> col(c)).toArray(Column[]::new));
        LoadedEvents loaded = clean(valid, uri, "json", lines, rejected);
        decoded.unpersist();
        return loaded;
    }

    private static LoadedEvents fromParquet(SparkSession spark, Dataset<Row> parquet, String uri, String format,
                                            Map<String, Long> rejected, long rejectedRows, Long tableVersion) {
        Dataset<Row> events = parquet.select(Arrays.stream(EventSchema.columnNames()).map(c -> col(c)).toArray(Column[]::new));
        return clean(events, uri, format, -1, rejected, rejectedRows, tableVersion);
    }

    private static LoadedEvents clean(Dataset<Row> valid, String uri, String format, long lines, Map<String, Long> rejected) {
        return clean(valid, uri, format, lines, rejected, 0, null);
    }

    private static LoadedEvents clean(Dataset<Row> valid, String uri, String format, long lines,
                                      Map<String, Long> rejected, long rejectedRows, Long tableVersion) {
        Column hasUser = ChurnDefinition.hasUserId();
        Dataset<Row> userEvents = valid.filter(hasUser).persist(StorageLevel.MEMORY_AND_DISK());
        Row v = valid.agg(count(lit(1)), sum(when(hasUser, 0).otherwise(1))).first();
        long validEvents = v.getLong(0);
        long empty = v.isNullAt(1) ? 0 : v.getLong(1);
        Row u = userEvents.agg(count(lit(1)), count_distinct(col("userId")),
                count_distinct(when(ChurnDefinition.isChurnEvent(), col("userId"))),
                min("ts"), max("ts")).first();
        long recordsRead = lines >= 0 ? lines : validEvents + rejectedRows;
        DataQuality q = new DataQuality(uri, format, recordsRead, rejected, validEvents, empty, u.getLong(0),
                u.getLong(1), u.getLong(2), u.isNullAt(3) ? 0 : u.getLong(3), u.isNullAt(4) ? 0 : u.getLong(4),
                tableVersion);
        return new LoadedEvents(userEvents, q);
    }
}
