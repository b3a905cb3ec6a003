package io.sparkify.model.spark;

import io.sparkify.model.EventField;
import io.sparkify.model.json.DecodeResult;
import io.sparkify.model.json.EventCodec;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Applies the common-model codec inside Spark, so a Kafka record or a line of a log file is
 * valid in a Spark job exactly when it is valid for the producer and {@code validate}: the one
 * set of rules, not a second JSON schema.
 *
 * <p>The output keeps every input column and appends the event columns (nullable: empty for
 * rejects), then {@value #REJECT_REASON} (null for valid events) and {@value #REJECT_DETAIL}.
 */
public final class SparkEventDecoder {

    public static final String REJECT_REASON = "reject_reason";
    public static final String REJECT_DETAIL = "reject_detail";

    private SparkEventDecoder() {
    }

    /**
     * @param input any dataset with a binary or string column holding one JSON event per row
     * @param valueColumn that column's name (e.g. Kafka's {@code value}, text's {@code value})
     * @param maxBytes values longer than this are rejected as line_too_long
     */
    public static Dataset<Row> decode(Dataset<Row> input, String valueColumn, int maxBytes) {
        StructType in = input.schema();
        int valueIndex = in.fieldIndex(valueColumn);
        boolean binary = in.fields()[valueIndex].dataType() instanceof BinaryType;
        if (!binary && !(in.fields()[valueIndex].dataType() instanceof StringType)) {
            throw new IllegalArgumentException(valueColumn + " must be binary or string, is "
                    + in.fields()[valueIndex].dataType().simpleString());
        }
        StructType out = outputSchema(in);
        int inWidth = in.fields().length;
        int eventWidth = EventField.all().size();
        MapPartitionsFunction<Row, Row> fn = rows -> new Iterator<>() {
            private final EventCodec codec = new EventCodec(maxBytes);

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row row = rows.next();
                Object[] values = new Object[inWidth + eventWidth + 2];
                for (int i = 0; i < inWidth; i++) {
                    values[i] = row.get(i);
                }
                Object raw = row.get(valueIndex);
                DecodeResult result = binary ? codec.decode((byte[]) raw) : codec.decode((String) raw);
                if (result.isValid()) {
                    System.arraycopy(result.event().values(), 0, values, inWidth, eventWidth);
                } else {
                    values[inWidth + eventWidth] = result.reason().code();
                    values[inWidth + eventWidth + 1] = result.detail();
                }
                return RowFactory.create(values);
            }
        };
        return input.mapPartitions(fn, Encoders.row(out));
    }

    /** The input's columns, then the event columns (all nullable), then reason and detail. */
    public static StructType outputSchema(StructType in) {
        StructType out = in;
        for (StructField f : EventSchema.struct().fields()) {
            out = out.add(f.name(), f.dataType(), true);
        }
        return out.add(REJECT_REASON, DataTypes.StringType, true)
                .add(REJECT_DETAIL, DataTypes.StringType, true);
    }
}
