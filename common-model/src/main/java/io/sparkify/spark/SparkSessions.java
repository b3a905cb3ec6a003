package io.sparkify.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession of a job. Under spark-submit the master and resources come from
 * spark-submit and are left alone; from the launcher (no master set) the given local master is used.
 */
public final class SparkSessions {

    public static final String DELTA_EXTENSION_KEY = "spark.sql.extensions";
    public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    public static final String DELTA_CATALOG_KEY = "spark.sql.catalog.spark_catalog";
    public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

    private SparkSessions() {
    }

    /**
     * @param appName shown in the YARN and Spark UIs
     * @param master used only when no {@code spark.master} was set by spark-submit; e.g. {@code local[*]}
     */
    public static SparkSession create(String appName, String master) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        boolean submitted = System.getProperty("spark.master") != null;
        if (!submitted) {
            builder.master(master)
                    // A laptop run has small data: Spark's 200 shuffle partitions would mean 200 tiny tasks and files.
                    .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, Runtime.getRuntime().availableProcessors() * 2)))
                    .config("spark.ui.showConsoleProgress", "false");
        }
        return builder
                // The lake's tables are Delta tables: SQL on them (OPTIMIZE, VACUUM, DESCRIBE HISTORY,
                // CONVERT TO DELTA) needs Delta's parser extension and catalog in every session.
                .config(DELTA_EXTENSION_KEY, DELTA_EXTENSION)
                .config(DELTA_CATALOG_KEY, DELTA_CATALOG)
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                .getOrCreate();
    }
}
