package io.sparkify.ingest.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_millis;

import io.sparkify.lake.LakeLayout;
import io.sparkify.model.EventField;
import io.sparkify.model.spark.EventSchema;
import io.sparkify.model.spark.SparkEventDecoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The transformation from Kafka records to the lake's two tables, shared by the streaming job
 * and the batch baseline of the benchmark so both do exactly the same work. Validation is the
 * common-model codec ({@link SparkEventDecoder}); a record goes to events exactly when the codec
 * accepts it, else to quarantine, so every record lands in exactly one of them.
 */
public final class LakeFrames {

    /** Kafka's record timestamp (producer create time by default), kept with quarantined records. */
    public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
    private static final String VALUE = "value";
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private LakeFrames() {
    }

    /** Kafka source rows (streaming or batch) decoded: coordinates, value, event columns, reject reason. */
    public static Dataset<Row> decode(Dataset<Row> kafka, int maxValueBytes) {
        Dataset<Row> records = kafka.select(
                col("topic").as(LakeLayout.KAFKA_TOPIC),
                col("partition").as(LakeLayout.KAFKA_PARTITION),
                col("offset").as(LakeLayout.KAFKA_OFFSET),
                col("timestamp").as(KAFKA_TIMESTAMP),
                col(VALUE));
        return SparkEventDecoder.decode(records, VALUE, maxValueBytes);
    }

    /**
     * Valid events: the event columns in canonical order, then the Kafka coordinates,
     * {@code ingested_at} (the micro-batch's time) and {@code event_date} (UTC day of ts).
     */
    public static Dataset<Row> events(Dataset<Row> decoded) {
        List<Column> cols = new ArrayList<>();
        for (String name : EventSchema.columnNames()) {
            cols.add(col(name));
        }
        cols.add(col(LakeLayout.KAFKA_TOPIC));
        cols.add(col(LakeLayout.KAFKA_PARTITION));
        cols.add(col(LakeLayout.KAFKA_OFFSET));
        cols.add(current_timestamp().as(LakeLayout.INGESTED_AT));
        cols.add(utcDay(col(EventField.TS.jsonName())).as(LakeLayout.EVENT_DATE));
        return decoded.filter(col(SparkEventDecoder.REJECT_REASON).isNull()).select(cols.toArray(Column[]::new));
    }

    /** Rejected records: raw bytes, Kafka coordinates, the codec's reason and detail, when and which day. */
    public static Dataset<Row> quarantine(Dataset<Row> decoded) {
        return decoded.filter(col(SparkEventDecoder.REJECT_REASON).isNotNull()).select(
                col(LakeLayout.KAFKA_TOPIC),
                col(LakeLayout.KAFKA_PARTITION),
                col(LakeLayout.KAFKA_OFFSET),
                col(KAFKA_TIMESTAMP),
                col(VALUE).as(LakeLayout.RAW_VALUE),
                col(SparkEventDecoder.REJECT_REASON).as(LakeLayout.REASON),
                col(SparkEventDecoder.REJECT_DETAIL).as(LakeLayout.DETAIL),
                current_timestamp().as(LakeLayout.INGESTED_AT),
                utcDay(unix_millis(current_timestamp())).as(LakeLayout.QUARANTINE_DATE));
    }

    /**
     * The UTC calendar day of epoch milliseconds, computed without the session time zone so
     * the partition never depends on where the job runs.
     */
    static Column utcDay(Column epochMillis) {
        return date_add(lit("1970-01-01").cast("date"), floor(epochMillis.divide(MILLIS_PER_DAY)).cast("int"));
    }
}
