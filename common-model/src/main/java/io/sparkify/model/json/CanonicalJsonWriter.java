package io.sparkify.model.json;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.sparkify.model.EventField;
import io.sparkify.model.SparkifyEvent;
import java.util.Arrays;

/**
 * Writes one event as canonical compact JSON straight into UTF-8 bytes.
 *
 * <p>Hand-written rather than a Jackson generator because it runs once per record on the
 * producer's hot path, where setting up a generator per call cost more than the writing itself
 * (see docs/BENCHMARKS.md, Producer). The output is what Jackson writes for the same values:
 * only {@code "}, {@code \} and control characters escaped, doubles in their shortest round-trip
 * form. A lone surrogate (possible only from a {@code \\uD800}-style escape in the input) is
 * written back as its escape, so the encoding stays valid UTF-8 and loses nothing.
 */
final class CanonicalJsonWriter {

    private static final byte[][] KEY_PREFIXES = keyPrefixes();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf = new byte[512];
    private int size;

    static byte[] write(SparkifyEvent event) {
        CanonicalJsonWriter w = new CanonicalJsonWriter();
        w.event(event);
        return Arrays.copyOf(w.buf, w.size);
    }

    /** {@code "name":} for the field with this ordinal (shared with {@link CanonicalScanner}). */
    static byte[] keyPrefix(int ordinal) {
        return KEY_PREFIXES[ordinal];
    }

    /** {@code "name":} for every field, the comma added per field. */
    private static byte[][] keyPrefixes() {
        byte[][] prefixes = new byte[EventField.all().size()][];
        for (EventField f : EventField.all()) {
            prefixes[f.ordinal()] = ("\"" + f.jsonName() + "\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return prefixes;
    }

    private void event(SparkifyEvent e) {
        put((byte) '{');
        boolean first = true;
        for (EventField f : EventField.all()) {
            Object v = e.get(f);
            if (v == null) {
                continue;
            }
            if (!first) {
                put((byte) ',');
            }
            first = false;
            putAll(KEY_PREFIXES[f.ordinal()]);
            switch (f.type()) {
                case STRING -> string((String) v);
                case LONG, INT -> ascii(v.toString());
                case DOUBLE -> ascii(NumberOutput.toString((Double) v, true));
                default -> throw new IllegalStateException("unhandled field type " + f.type());
            }
        }
        put((byte) '}');
    }

    private void string(String s) {
        int n = s.length();
        ensure(n * 6 + 2); // worst case: every char a \\uXXXX escape
        byte[] b = buf;
        int p = size;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    b[p++] = '\\';
                }
                b[p++] = (byte) c;
            } else if (c < 0x20) {
                p = control(b, p, c);
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                p = unicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        size = p;
    }

    private static int control(byte[] b, int p, char c) {
        char shortForm = switch (c) {
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            case '\b' -> 'b';
            case '\f' -> 'f';
            default -> 0;
        };
        if (shortForm == 0) {
            return unicodeEscape(b, p, c);
        }
        b[p++] = '\\';
        b[p++] = (byte) shortForm;
        return p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    private void putAll(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
