package io.sparkify.model.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkify.model.EventField;
import io.sparkify.model.SparkifyEvent;
import io.sparkify.model.json.EventCodec;
import java.lang.reflect.RecordComponent;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class EventSchemaTest {

    @Test
    void schemaMatchesTheEventRecordInNameOrderAndType() {
        RecordComponent[] components = SparkifyEvent.class.getRecordComponents();
        StructType schema = EventSchema.struct();
        assertEquals(18, components.length);
        assertEquals(components.length, schema.fields().length);
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            StructField f = schema.fields()[i];
            assertEquals(c.getName(), f.name(), "column " + i);
            Class<?> javaType = c.getType();
            boolean primitive = javaType.isPrimitive();
            EventField field = EventField.all().get(i);
            assertEquals(!field.required(), f.nullable(), f.name() + ": nullable exactly when optional");
            if (javaType != String.class) {
                assertEquals(field.required(), primitive, f.name() + ": a required number is a primitive");
            }
            Class<?> boxed = primitive ? box(javaType) : javaType;
            assertEquals(sparkTypeFor(boxed), f.dataType(), f.name());
        }
    }

    @Test
    void schemaIsTheCanonicalFieldList() {
        String[] expected = {"ts", "userId", "sessionId", "page", "auth", "method", "status", "level",
            "itemInSession", "location", "userAgent", "lastName", "firstName", "registration", "gender",
            "artist", "song", "length"};
        assertEquals(String.join(",", expected), String.join(",", EventSchema.columnNames()));
        for (EventField f : EventField.all()) {
            assertEquals(f.type().boxedType(), box(SparkifyEvent.class.getRecordComponents()[f.ordinal()].getType()));
        }
    }

    @Test
    void rowConversionRoundTrips() {
        SparkifyEvent e = new EventCodec().decode("{\"ts\":1,\"userId\":\"7\",\"sessionId\":2,\"page\":\"NextSong\","
                + "\"status\":200,\"registration\":5,\"length\":1.5}").event();
        Row row = new GenericRowWithSchema(e.values(), EventSchema.struct());
        assertEquals(EventSchema.toRow(e), new GenericRowWithSchema(e.values(), null));
        assertEquals(e, EventSchema.fromRow(row));
    }

    private static Class<?> box(Class<?> c) {
        if (c == long.class) {
            return Long.class;
        }
        if (c == int.class) {
            return Integer.class;
        }
        if (c == double.class) {
            return Double.class;
        }
        return c;
    }

    private static Object sparkTypeFor(Class<?> boxed) {
        if (boxed == Long.class) {
            return DataTypes.LongType;
        }
        if (boxed == Integer.class) {
            return DataTypes.IntegerType;
        }
        if (boxed == Double.class) {
            return DataTypes.DoubleType;
        }
        if (boxed == String.class) {
            return DataTypes.StringType;
        }
        throw new AssertionError("no Spark type for " + boxed);
    }
}
