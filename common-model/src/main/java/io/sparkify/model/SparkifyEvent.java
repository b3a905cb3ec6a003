package io.sparkify.model;

import java.util.Objects;

/**
 * One user action from the Sparkify log. Components are in {@link EventField} order with the
 * same names; required fields are primitives, optional ones boxed and null when absent.
 * Instances come from {@link io.sparkify.model.json.EventCodec#decode}, which guarantees the
 * required fields; the canonical constructor checks them again for hand-built events.
 */
public record SparkifyEvent(
        long ts,
        String userId,
        long sessionId,
        String page,
        String auth,
        String method,
        Integer status,
        String level,
        Integer itemInSession,
        String location,
        String userAgent,
        String lastName,
        String firstName,
        Long registration,
        String gender,
        String artist,
        String song,
        Double length) {

    public SparkifyEvent {
        Objects.requireNonNull(page, "page");
    }

    /** Guests and logged-out rows carry an empty (or absent) userId. */
    public boolean hasUser() {
        return userId != null && !userId.isEmpty();
    }

    /** The value of one field, boxed; null when absent. */
    public Object get(EventField field) {
        return switch (field) {
            case TS -> ts;
            case USER_ID -> userId;
            case SESSION_ID -> sessionId;
            case PAGE -> page;
            case AUTH -> auth;
            case METHOD -> method;
            case STATUS -> status;
            case LEVEL -> level;
            case ITEM_IN_SESSION -> itemInSession;
            case LOCATION -> location;
            case USER_AGENT -> userAgent;
            case LAST_NAME -> lastName;
            case FIRST_NAME -> firstName;
            case REGISTRATION -> registration;
            case GENDER -> gender;
            case ARTIST -> artist;
            case SONG -> song;
            case LENGTH -> length;
        };
    }

    /** All field values in {@link EventField} order (the order of the Spark schema's columns). */
    public Object[] values() {
        Object[] values = new Object[EventField.all().size()];
        for (EventField f : EventField.all()) {
            values[f.ordinal()] = get(f);
        }
        return values;
    }

    /**
     * Builds an event from values in {@link EventField} order, each of its field's boxed type.
     * Required values must be non-null.
     */
    public static SparkifyEvent fromValues(Object[] v) {
        if (v.length != EventField.all().size()) {
            throw new IllegalArgumentException("expected " + EventField.all().size() + " values, got " + v.length);
        }
        return new SparkifyEvent(
                (Long) Objects.requireNonNull(v[EventField.TS.ordinal()], "ts"),
                (String) v[EventField.USER_ID.ordinal()],
                (Long) Objects.requireNonNull(v[EventField.SESSION_ID.ordinal()], "sessionId"),
                (String) v[EventField.PAGE.ordinal()],
                (String) v[EventField.AUTH.ordinal()],
                (String) v[EventField.METHOD.ordinal()],
                (Integer) v[EventField.STATUS.ordinal()],
                (String) v[EventField.LEVEL.ordinal()],
                (Integer) v[EventField.ITEM_IN_SESSION.ordinal()],
                (String) v[EventField.LOCATION.ordinal()],
                (String) v[EventField.USER_AGENT.ordinal()],
                (String) v[EventField.LAST_NAME.ordinal()],
                (String) v[EventField.FIRST_NAME.ordinal()],
                (Long) v[EventField.REGISTRATION.ordinal()],
                (String) v[EventField.GENDER.ordinal()],
                (String) v[EventField.ARTIST.ordinal()],
                (String) v[EventField.SONG.ordinal()],
                (Double) v[EventField.LENGTH.ordinal()]);
    }
}
