package io.sparkify.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Creates the SparkSession of a job. Under spark-submit the master and resources come from
 * spark-submit and are left alone; from the launcher (no master set) the given local master is used.
 */
public final class SparkSessions {

    public static final String DELTA_EXTENSION_KEY = "spark.sql.extensions";
    public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    public static final String DELTA_CATALOG_KEY = "spark.sql.catalog.spark_catalog";
    public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
    public static final String DELTA_SNAPSHOT_PARTITIONS_KEY = "spark.databricks.delta.snapshotPartitions";
    public static final String LISTING_PARALLELISM_KEY = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    private SparkSessions() {
    }

    /**
     * @param appName shown in the YARN and Spark UIs
     * @param master used only when no {@code spark.master} was set by spark-submit; e.g. {@code local[*]}
     */
    public static SparkSession create(String appName, String master) {
        boolean submitted = System.getProperty("spark.master") != null;
        Map<String, String> sql = new LinkedHashMap<>();
        if (!submitted) {
            // A laptop run has small data: Spark's 200 shuffle partitions would mean 200 tiny tasks and files.
            sql.put("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, Runtime.getRuntime().availableProcessors() * 2)));
            // Delta rebuilds a table's state with 50 tasks (sized for logs of millions of files) after each
            // commit the ingest makes: on a laptop that costs seconds per micro-batch for a log of a few files.
            sql.put(DELTA_SNAPSHOT_PARTITIONS_KEY, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
            if (master.startsWith("local")) {
                // Spark lists a table's files with up to 10,000 tasks (sized for object stores on a cluster); Delta's
                // VACUUM lists that way, and each VACUUM or dry run cost ~20 s of empty tasks on 2 local cores for a
                // lake of a few hundred files (86 s of KilledBatchOrphansTest). One task per core is enough here.
                sql.put(LISTING_PARALLELISM_KEY, String.valueOf(Runtime.getRuntime().availableProcessors()));
            }
        }
        sql.put("spark.sql.session.timeZone", "UTC");
        if (deltaOnClasspath()) {
            // The lake's tables are Delta tables: SQL on them (OPTIMIZE, VACUUM, DESCRIBE HISTORY,
            // CONVERT TO DELTA) needs Delta's catalog in every session (its parser extension is
            // static: set once when the context starts, below). A job without the lake has no Delta jar.
            sql.put(DELTA_CATALOG_KEY, DELTA_CATALOG);
        }
        sql.put("spark.sql.sources.partitionOverwriteMode", "dynamic");

        SparkSession running = running();
        if (running != null) {
            // Spark already runs in this JVM (a test, an embedding application): the builder would
            // rewrite that session's SQL settings under its owner. A session of our own on the same
            // context gets this job's settings and leaves the other as it was.
            SparkSession own = running.newSession();
            sql.forEach((k, v) -> own.conf().set(k, v));
            return own;
        }
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (!submitted) {
            builder.master(master).config("spark.ui.showConsoleProgress", "false");
        }
        if (deltaOnClasspath()) {
            builder.config(DELTA_EXTENSION_KEY, DELTA_EXTENSION);
        }
        sql.forEach(builder::config);
        return builder.getOrCreate();
    }

    private static boolean deltaOnClasspath() {
        try {
            Class.forName(DELTA_CATALOG, false, SparkSessions.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The session the builder would return (active, else default), if its context still runs. */
    private static SparkSession running() {
        Option<SparkSession> session = SparkSession.getActiveSession();
        if (session.isEmpty()) {
            session = SparkSession.getDefaultSession();
        }
        if (session.isEmpty() || session.get().sparkContext().isStopped()) {
            return null;
        }
        return session.get();
    }
}
