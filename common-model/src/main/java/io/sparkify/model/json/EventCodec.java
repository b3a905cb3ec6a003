package io.sparkify.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.sparkify.model.EventField;
import io.sparkify.model.RejectReason;
import io.sparkify.model.SparkifyEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes Sparkify events as JSON.
 *
 * <p>{@link #decode} never throws on input: every byte sequence gives either an event or a
 * {@link RejectReason}. It accepts every variant found in real Sparkify logs: absent keys and
 * explicit nulls, {@code registration} as integer or integral float, {@code userId} as a string
 * (empty for guests), unknown keys ignored. {@link #encode} writes canonical compact JSON: fields
 * in {@link EventField} order, absent values omitted, so {@code decode(encode(e))} equals {@code e}.
 *
 * <p>Thread-safe: the Jackson factory is shared, parsers and writers are per call.
 */
public final class EventCodec {

    /** Lines longer than this are rejected unparsed: no real event is near it. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    private final JsonFactory factory;
    private final int maxLineBytes;

    public EventCodec() {
        this(DEFAULT_MAX_LINE_BYTES);
    }

    public EventCodec(int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(maxLineBytes)
                        .maxNestingDepth(64)
                        .build())
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    public DecodeResult decode(String line) {
        if (line == null) {
            return DecodeResult.rejected(RejectReason.BLANK, "null value");
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length);
    }

    public DecodeResult decode(byte[] bytes) {
        if (bytes == null) {
            return DecodeResult.rejected(RejectReason.BLANK, "null value");
        }
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes one line (without its line terminator) or one Kafka record value. */
    public DecodeResult decode(byte[] bytes, int offset, int length) {
        if (length > maxLineBytes) {
            return DecodeResult.rejected(RejectReason.LINE_TOO_LONG,
                    length + " bytes, limit " + maxLineBytes);
        }
        if (isBlank(bytes, offset, length)) {
            return DecodeResult.rejected(RejectReason.BLANK, null);
        }
        int bad = Utf8.firstInvalidOffset(bytes, offset, length);
        if (bad >= 0) {
            return DecodeResult.rejected(RejectReason.NOT_UTF8, "malformed UTF-8 at byte " + bad);
        }
        try (JsonParser parser = factory.createParser(bytes, offset, length)) {
            return parseEvent(parser);
        } catch (JsonParseException e) {
            return DecodeResult.rejected(RejectReason.NOT_JSON, shortMessage(e));
        } catch (IOException | RuntimeException e) {
            // Jackson signals constraint violations (depth, number length) as runtime exceptions.
            return DecodeResult.rejected(RejectReason.NOT_JSON, String.valueOf(e.getMessage()));
        }
    }

    private static DecodeResult parseEvent(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return DecodeResult.rejected(RejectReason.NOT_AN_OBJECT,
                    "top-level " + describe(p.currentToken()));
        }
        Object[] values = new Object[EventField.all().size()];
        // Duplicates of the 18 known keys are tracked in a bit set: Jackson's own detection keeps a
        // hash set per object and cost a third of the producer's parse time. A repeated unknown
        // key is ignored like the key itself.
        long seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            EventField field = EventField.byJsonName(p.currentName());
            JsonToken valueToken = p.nextToken();
            if (field == null) {
                p.skipChildren();
                continue;
            }
            long bit = 1L << field.ordinal();
            if ((seen & bit) != 0) {
                drain(p);
                return DecodeResult.rejected(RejectReason.DUPLICATE_FIELD,
                        "duplicate field '" + field.jsonName() + "'");
            }
            seen |= bit;
            if (valueToken == JsonToken.VALUE_NULL) {
                continue;
            }
            Object value = readValue(p, field, valueToken);
            if (value instanceof DecodeResult reject) {
                p.skipChildren();
                // Keep reading: a later syntax error must win over a type error, so that a
                // truncated line is reported as not JSON rather than as its first odd field.
                drain(p);
                return reject;
            }
            values[field.ordinal()] = value;
        }
        if (t != JsonToken.END_OBJECT) {
            return DecodeResult.rejected(RejectReason.NOT_JSON, "unexpected " + describe(t));
        }
        if (p.nextToken() != null) {
            return DecodeResult.rejected(RejectReason.TRAILING_DATA,
                    "content after the object at column " + p.currentTokenLocation().getColumnNr());
        }
        return checkRequired(values);
    }

    private static void drain(JsonParser p) throws IOException {
        while (p.nextToken() != null) {
            p.skipChildren();
        }
    }

    private static DecodeResult checkRequired(Object[] values) {
        if (values[EventField.TS.ordinal()] == null) {
            return DecodeResult.rejected(RejectReason.MISSING_TS, null);
        }
        if (values[EventField.SESSION_ID.ordinal()] == null) {
            return DecodeResult.rejected(RejectReason.MISSING_SESSION_ID, null);
        }
        Object page = values[EventField.PAGE.ordinal()];
        if (page == null || ((String) page).isEmpty()) {
            return DecodeResult.rejected(RejectReason.MISSING_PAGE, page == null ? null : "empty page");
        }
        return DecodeResult.valid(SparkifyEvent.fromValues(values));
    }

    /** The field's value, or a {@link DecodeResult} rejection when the JSON type does not fit. */
    private static Object readValue(JsonParser p, EventField field, JsonToken token) throws IOException {
        switch (field.type()) {
            case STRING:
                if (token == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                if (field == EventField.PAGE) {
                    return DecodeResult.rejected(RejectReason.MISSING_PAGE, "page is " + describe(token));
                }
                return wrongType(field, token);
            case LONG:
                Long l = integral(p, token);
                if (l != null) {
                    return l;
                }
                if (field == EventField.TS) {
                    return DecodeResult.rejected(RejectReason.NON_NUMERIC_TS, "ts is " + describe(token));
                }
                if (field == EventField.SESSION_ID) {
                    return DecodeResult.rejected(RejectReason.NON_INTEGER_SESSION_ID,
                            "sessionId is " + describe(token));
                }
                return wrongType(field, token);
            case INT:
                Long i = integral(p, token);
                if (i != null && i >= Integer.MIN_VALUE && i <= Integer.MAX_VALUE) {
                    return i.intValue();
                }
                return wrongType(field, token);
            case DOUBLE:
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    double d = p.getDoubleValue();
                    if (Double.isFinite(d)) {
                        return d;
                    }
                }
                return wrongType(field, token);
            default:
                throw new IllegalStateException("unhandled field type " + field.type());
        }
    }

    /** An integer, or an integral float such as 1540919166796.0; null for anything else. */
    private static Long integral(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return null;
            }
            return p.getLongValue();
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            BigDecimal d = p.getDecimalValue();
            try {
                return d.longValueExact();
            } catch (ArithmeticException notIntegral) {
                return null;
            }
        }
        return null;
    }

    private static DecodeResult wrongType(EventField field, JsonToken token) {
        return DecodeResult.rejected(RejectReason.WRONG_TYPE,
                field.jsonName() + ": expected " + field.type().name().toLowerCase() + ", got " + describe(token));
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT -> "integer";
            case VALUE_NUMBER_FLOAT -> "float";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }

    private static String shortMessage(JsonParseException e) {
        String m = e.getOriginalMessage();
        if (m != null) {
            int nl = m.indexOf('\n');
            if (nl > 0) {
                m = m.substring(0, nl);
            }
        }
        return m + " at column " + e.getLocation().getColumnNr();
    }

    private static boolean isBlank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    /**
     * What a producer sends for one line (without its terminator): the canonical JSON of the event,
     * exactly {@code encode(decode(line))}, its userId as the key and its {@code ts}; or the
     * reason and detail {@link #decode} gives for a line that is not an event. For many lines on
     * one thread, {@link #canonicalizer()} saves an allocation per line.
     */
    public CanonicalLine canonicalize(byte[] bytes, int offset, int length) {
        return canonicalizer().canonicalize(bytes, offset, length);
    }

    /** A {@link Canonicalizer} for one thread's lines. */
    public Canonicalizer canonicalizer() {
        return new Canonicalizer(this);
    }

    /** Canonical compact JSON (UTF-8): fields in schema order, nulls omitted. */
    public byte[] encode(SparkifyEvent event) {
        return CanonicalJsonWriter.write(event);
    }

    public String encodeToString(SparkifyEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }
}
