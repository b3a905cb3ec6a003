package io.sparkify.model;

/** The JSON/Java/Spark value kinds an event field can have. */
public enum FieldType {
    /** JSON string; Java {@link String}; Spark StringType. */
    STRING(String.class),
    /** JSON integer (or an integral float such as {@code 1540919166796.0}); Java long; Spark LongType. */
    LONG(Long.class),
    /** JSON integer; Java int; Spark IntegerType. */
    INT(Integer.class),
    /** JSON number; Java double; Spark DoubleType. */
    DOUBLE(Double.class);

    private final Class<?> boxedType;

    FieldType(Class<?> boxedType) {
        this.boxedType = boxedType;
    }

    public Class<?> boxedType() {
        return boxedType;
    }
}
