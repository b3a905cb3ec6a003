package io.sparkify.lake;

import io.sparkify.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the lake's Delta tables the one correct way: through the Delta log, by path, pinned to
 * one version. Only Spark's public API here (format {@code delta}, {@code DESCRIBE HISTORY}), so
 * every module can read the lake with delta-spark on its runtime classpath and nothing else.
 * A table of the previous release (parquet files listed by Spark's {@code _spark_metadata} sink
 * log) is refused with the command that converts it.
 */
public final class DeltaTables {

    /** The directory of a Delta table's transaction log. */
    public static final String DELTA_LOG_DIR = "_delta_log";
    /** The file sink log of the previous release's parquet lake. */
    public static final String SPARK_METADATA_DIR = "_spark_metadata";

    /** What is at a table's URI. */
    public enum Format {
        /** a Delta table: {@code _delta_log/} */
        DELTA,
        /** the previous release's parquet file-sink output: {@code _spark_metadata/}, no {@code _delta_log/} */
        SPARK_FILE_SINK,
        /** nothing, or a directory with neither log */
        ABSENT
    }

    /** A table read at one version. */
    public record Pinned(Dataset<Row> rows, long version) {
    }

    private DeltaTables() {
    }

    public static Format format(Configuration conf, String uri) {
        try {
            Path table = new Path(uri);
            FileSystem fs = table.getFileSystem(conf);
            if (fs.exists(new Path(table, DELTA_LOG_DIR))) {
                return Format.DELTA;
            }
            if (fs.exists(new Path(table, SPARK_METADATA_DIR))) {
                return Format.SPARK_FILE_SINK;
            }
            return Format.ABSENT;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
        }
    }

    /** True for a Delta table; false when nothing is there; a previous-release table is refused. */
    public static boolean exists(SparkSession spark, String uri) {
        Format f = format(spark.sparkContext().hadoopConfiguration(), uri);
        if (f == Format.SPARK_FILE_SINK) {
            throw notConverted(uri);
        }
        return f == Format.DELTA;
    }

    /** The refusal of a previous-release table, naming the command that converts it in place. */
    public static InvalidInputException notConverted(String tableUri) {
        String lake = tableUri.contains("/") ? tableUri.substring(0, tableUri.lastIndexOf('/')) : tableUri;
        return new InvalidInputException(tableUri + " is a parquet table of the previous release "
                + "(listed by Spark's _spark_metadata sink log), not a Delta table: convert the lake once with "
                + "'./sparkify convert-lake --lake " + lake + "' (see \"Converting a lake of the previous release\" "
                + "in docs/ingest.md)");
    }

    /** The latest version of the Delta table at {@code uri}. */
    public static long latestVersion(SparkSession spark, String uri) {
        List<Row> rows = spark.sql("DESCRIBE HISTORY " + identifier(spark, uri) + " LIMIT 1").select("version").collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalStateException(uri + " has no history");
        }
        return rows.get(0).getLong(0);
    }

    /** The version {@code asOf} names: the latest, that version (checked to exist), or the one current at the time. */
    public static long resolve(SparkSession spark, String uri, AsOf asOf) {
        long latest = latestVersion(spark, uri);
        if (asOf.latest()) {
            return latest;
        }
        if (asOf.version() >= 0) {
            if (asOf.version() > latest) {
                throw new InvalidInputException(uri + " has no version " + asOf.version()
                        + " (latest: " + latest + ")");
            }
            return asOf.version();
        }
        List<Row> rows = spark.sql("DESCRIBE HISTORY " + identifier(spark, uri)).select("version", "timestamp")
                .filter(new org.apache.spark.sql.Column("timestamp").leq(Timestamp.from(asOf.timestamp())))
                .orderBy(new org.apache.spark.sql.Column("version").desc()).limit(1).collectAsList();
        if (rows.isEmpty()) {
            throw new InvalidInputException(uri + " did not exist yet at " + asOf.timestamp());
        }
        return rows.get(0).getLong(0);
    }

    /**
     * The table at {@code asOf}, resolved to one version first. Time travel to a version whose
     * log or files were removed by retention ({@code delta.logRetentionDuration}, vacuum) fails
     * with Delta's message.
     */
    public static Pinned read(SparkSession spark, String uri, AsOf asOf) {
        if (!exists(spark, uri)) {
            throw new InvalidInputException("no Delta table at " + uri);
        }
        long version = resolve(spark, uri, asOf);
        return new Pinned(spark.read().format("delta").option("versionAsOf", version).load(uri), version);
    }

    /**
     * {@code delta.`uri`}, the SQL name of a table by path, with the path qualified: Delta takes only an absolute path
     * there, and a relative lake ({@code work/lake}, the conf's default) would be "not found".
     */
    public static String identifier(SparkSession spark, String uri) {
        if (uri.contains("`")) {
            throw new IllegalArgumentException("a table URI with a backtick is not supported: " + uri);
        }
        Path path = new Path(uri);
        try {
            return "delta.`" + path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path) + "`";
        } catch (IOException e) {
            throw new InvalidInputException("cannot open " + uri + ": " + e.getMessage(), e);
        }
    }
}
