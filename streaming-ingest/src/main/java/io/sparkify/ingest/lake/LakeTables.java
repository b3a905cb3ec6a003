package io.sparkify.ingest.lake;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.sparkify.lake.AsOf;
import io.sparkify.lake.DeltaTables;
import io.sparkify.lake.LakeLayout;
import io.sparkify.model.spark.EventSchema;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The lake's two Delta tables: their schemas, their creation (with the table properties) and
 * the one correct way to read them: through the Delta log, by path, so a reader sees committed
 * versions only, whatever files a killed micro-batch or a replaced compaction left on disk. A
 * table with no data yet (a quiet quarantine) is an empty table: the ingest creates both before
 * its first batch.
 */
public final class LakeTables {

    /** The columns of {@code <lake>/events}, as {@link LakeFrames#events} writes them, partition column last. */
    public static final StructType EVENTS = eventsSchema();
    /** The columns of {@code <lake>/quarantine}, as {@link LakeFrames#quarantine} writes them. */
    public static final StructType QUARANTINE = new StructType()
            .add(LakeLayout.KAFKA_TOPIC, DataTypes.StringType)
            .add(LakeLayout.KAFKA_PARTITION, DataTypes.IntegerType)
            .add(LakeLayout.KAFKA_OFFSET, DataTypes.LongType)
            .add(LakeFrames.KAFKA_TIMESTAMP, DataTypes.TimestampType)
            .add(LakeLayout.RAW_VALUE, DataTypes.BinaryType)
            .add(LakeLayout.REASON, DataTypes.StringType)
            .add(LakeLayout.DETAIL, DataTypes.StringType)
            .add(LakeLayout.INGESTED_AT, DataTypes.TimestampType)
            .add(LakeLayout.QUARANTINE_DATE, DataTypes.DateType);

    private LakeTables() {
    }

    /** The latest version of {@code <lake>/events}; empty (with the schema) when the ingest never ran. */
    public static Dataset<Row> events(SparkSession spark, LakeLayout lake) {
        return read(spark, lake.events(), EVENTS, AsOf.LATEST);
    }

    public static Dataset<Row> events(SparkSession spark, LakeLayout lake, AsOf asOf) {
        return read(spark, lake.events(), EVENTS, asOf);
    }

    public static Dataset<Row> quarantine(SparkSession spark, LakeLayout lake) {
        return read(spark, lake.quarantine(), QUARANTINE, AsOf.LATEST);
    }

    /**
     * Creates both tables unless they exist: schema, partition column and {@code properties}
     * (retention, checkpoint interval) are in the table's first commit, so every later writer
     * and reader (Spark or not) sees them.
     */
    public static void createIfMissing(SparkSession spark, LakeLayout lake, Map<String, String> properties) {
        create(spark, lake.events(), EVENTS, LakeLayout.EVENT_DATE, properties);
        create(spark, lake.quarantine(), QUARANTINE, LakeLayout.QUARANTINE_DATE, properties);
    }

    private static void create(SparkSession spark, String uri, StructType schema, String partitionColumn,
            Map<String, String> properties) {
        if (DeltaTables.exists(spark, uri)) {
            return;
        }
        DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark).location(qualified(spark, uri)).addColumns(schema)
                .partitionedBy(partitionColumn);
        for (Map.Entry<String, String> p : properties.entrySet()) {
            builder = builder.property(p.getKey(), p.getValue());
        }
        builder.execute();
    }

    /**
     * {@code file:/x} for {@code file:///x}: Delta's CREATE TABLE compares the location with the
     * path it qualifies itself, and refuses two spellings of one directory.
     */
    private static String qualified(SparkSession spark, String uri) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
        }
    }

    private static Dataset<Row> read(SparkSession spark, String uri, StructType schema, AsOf asOf) {
        if (!DeltaTables.exists(spark, uri)) {
            return spark.createDataFrame(java.util.List.of(), schema);
        }
        return DeltaTables.read(spark, uri, asOf).rows();
    }

    private static StructType eventsSchema() {
        StructType s = new StructType();
        for (StructField f : EventSchema.struct().fields()) {
            s = s.add(f.name(), f.dataType(), true);
        }
        return s.add(LakeLayout.KAFKA_TOPIC, DataTypes.StringType)
                .add(LakeLayout.KAFKA_PARTITION, DataTypes.IntegerType)
                .add(LakeLayout.KAFKA_OFFSET, DataTypes.LongType)
                .add(LakeLayout.INGESTED_AT, DataTypes.TimestampType)
                .add(LakeLayout.EVENT_DATE, DataTypes.DateType);
    }
}
