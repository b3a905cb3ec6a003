package io.sparkify.ingest.lake;

import io.sparkify.lake.LakeLayout;
import io.sparkify.model.spark.EventSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the lake's tables the one correct way: by the table's path, so Spark lists files through
 * the file sink's {@code _spark_metadata} log (committed micro-batches only; compaction switches
 * atomically), and with the declared schema, so a table with no file yet (a quiet quarantine) is
 * an empty table rather than an error. Never read a partition directory directly: that bypasses
 * the log.
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

    public static Dataset<Row> events(SparkSession spark, LakeLayout lake) {
        return spark.read().schema(EVENTS).parquet(lake.events());
    }

    public static Dataset<Row> quarantine(SparkSession spark, LakeLayout lake) {
        return spark.read().schema(QUARANTINE).parquet(lake.quarantine());
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
