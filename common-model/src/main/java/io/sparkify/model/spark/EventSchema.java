package io.sparkify.model.spark;

import io.sparkify.model.EventField;
import io.sparkify.model.FieldType;
import io.sparkify.model.SparkifyEvent;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark schema of an event, derived from {@link EventField}: same names, same order,
 * required fields non-nullable. Spark jobs use this and never declare the columns themselves.
 */
public final class EventSchema {

    private static final StructType STRUCT = build();

    private EventSchema() {
    }

    /** The event columns, in canonical order. */
    public static StructType struct() {
        return STRUCT;
    }

    /** The event's column names, in canonical order (for {@code select}). */
    public static String[] columnNames() {
        return STRUCT.fieldNames();
    }

    public static DataType sparkType(FieldType type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case LONG -> DataTypes.LongType;
            case INT -> DataTypes.IntegerType;
            case DOUBLE -> DataTypes.DoubleType;
        };
    }

    /** A row of this schema holding the event's values. */
    public static Row toRow(SparkifyEvent event) {
        return RowFactory.create(event.values());
    }

    /** The event in a row whose first columns follow this schema (extra trailing columns are ignored). */
    public static SparkifyEvent fromRow(Row row) {
        Object[] values = new Object[EventField.all().size()];
        for (EventField f : EventField.all()) {
            values[f.ordinal()] = row.get(row.fieldIndex(f.jsonName()));
        }
        return SparkifyEvent.fromValues(values);
    }

    private static StructType build() {
        StructField[] fields = new StructField[EventField.all().size()];
        for (EventField f : EventField.all()) {
            fields[f.ordinal()] = DataTypes.createStructField(f.jsonName(), sparkType(f.type()), !f.required());
        }
        return DataTypes.createStructType(fields);
    }
}
