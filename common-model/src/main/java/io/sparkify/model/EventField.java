package io.sparkify.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single definition of a Sparkify event's fields: name, order, type and whether an event
 * is valid without it. The record {@link SparkifyEvent}, the JSON codec and the Spark schema are
 * all checked against or derived from this list, so no job re-declares it.
 */
public enum EventField {
    TS("ts", FieldType.LONG, true),
    USER_ID("userId", FieldType.STRING, false),
    SESSION_ID("sessionId", FieldType.LONG, true),
    PAGE("page", FieldType.STRING, true),
    AUTH("auth", FieldType.STRING, false),
    METHOD("method", FieldType.STRING, false),
    STATUS("status", FieldType.INT, false),
    LEVEL("level", FieldType.STRING, false),
    ITEM_IN_SESSION("itemInSession", FieldType.INT, false),
    LOCATION("location", FieldType.STRING, false),
    USER_AGENT("userAgent", FieldType.STRING, false),
    LAST_NAME("lastName", FieldType.STRING, false),
    FIRST_NAME("firstName", FieldType.STRING, false),
    REGISTRATION("registration", FieldType.LONG, false),
    GENDER("gender", FieldType.STRING, false),
    ARTIST("artist", FieldType.STRING, false),
    SONG("song", FieldType.STRING, false),
    LENGTH("length", FieldType.DOUBLE, false);

    private static final List<EventField> ALL = List.of(values());
    private static final Map<String, EventField> BY_NAME = new HashMap<>();

    static {
        for (EventField f : ALL) {
            BY_NAME.put(f.jsonName, f);
        }
    }

    private final String jsonName;
    private final FieldType type;
    private final boolean required;

    EventField(String jsonName, FieldType type, boolean required) {
        this.jsonName = jsonName;
        this.type = type;
        this.required = required;
    }

    /** The key in the JSON log and the column name in Spark. */
    public String jsonName() {
        return jsonName;
    }

    public FieldType type() {
        return type;
    }

    /** Required fields are non-null in every valid event. */
    public boolean required() {
        return required;
    }

    /** All fields in canonical order. */
    public static List<EventField> all() {
        return ALL;
    }

    /** The field with this JSON key, or null for a key the model does not know. */
    public static EventField byJsonName(String name) {
        return BY_NAME.get(name);
    }
}
