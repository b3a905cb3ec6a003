package io.sparkify.model.json;

import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.core.io.NumberOutput;
import io.sparkify.model.EventField;
import io.sparkify.model.FieldType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The producer's fast path from an input line to its canonical JSON: one pass over the bytes of
 * a flat JSON object that copies each known field's value token as it is, in schema order, with
 * no event object, no Java strings and no JSON parser in between. Real Sparkify lines are
 * already canonical or close to it (compact, values needing no conversion), so this is what
 * lets a replay keep up with the Kafka client (docs/BENCHMARKS.md, Producer).
 *
 * <p>It only ever says "valid, and here are the bytes" or "not sure" ({@code null}). Anything
 * out of the ordinary is "not sure" and goes to {@link EventCodec#decode} + encode, the one
 * definition of the rules: malformed JSON, escapes other than {@code \"} and {@code \\} (their
 * canonical form may differ), nested values, a null or missing required field, an empty page, a
 * type that does not fit, a duplicate key, an integer that needs converting (an integral float,
 * {@code -0}, more digits than surely fit). So every rejection, with its reason and detail, comes
 * from the decoder, and every line accepted here is one the decoder accepts with the same
 * output: EventCodecCanonicalizeTest checks that on every sample line and on mutated ones.
 *
 * <p>A value token copied as it is equals the canonical writer's output because: a string with
 * only {@code \"}/{@code \\} escapes and valid UTF-8 is exactly what {@link CanonicalJsonWriter}
 * writes for its text; a JSON integer without leading zeros is {@link Long#toString}; and a plain
 * decimal {@code d.ddd} in [0.001, 10^7) with at most 15 significant digits and no trailing zero
 * is the shortest repr of its double (15 digits always round-trip, so no shorter decimal maps to
 * the same double) written the way Jackson writes doubles. Other doubles are parsed and written
 * again. Not thread-safe: one instance per thread, reused line after line (it keeps no state
 * from one line to the next).
 */
final class CanonicalScanner {

    private static final int FIELDS = EventField.all().size();
    private static final byte[][] NAMES = new byte[FIELDS][];
    private static final FieldType[] TYPES = new FieldType[FIELDS];
    private static final int TS = EventField.TS.ordinal();
    private static final int SESSION_ID = EventField.SESSION_ID.ordinal();
    private static final int PAGE = EventField.PAGE.ordinal();
    private static final int USER_ID = EventField.USER_ID.ordinal();
    /** Longer numbers are left to the decoder (Jackson limits number length; no real value is near). */
    private static final int MAX_NUMBER_CHARS = 64;
    /** Strings are most of a line: they are skipped 8 bytes at a time while no byte needs a look. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;

    static {
        for (EventField f : EventField.all()) {
            NAMES[f.ordinal()] = f.jsonName().getBytes(StandardCharsets.US_ASCII);
            TYPES[f.ordinal()] = f.type();
        }
    }

    private byte[] b;
    private int begin;
    private int end;
    private int p;
    /** Value token ranges by field ordinal, quotes included for strings. */
    private final int[] from = new int[FIELDS];
    private final int[] to = new int[FIELDS];
    /** Known fields with a non-null value, and known fields seen at all (for duplicates). */
    private long present;
    private long seen;
    private int lastField = -1;
    /** True while the line is byte for byte its own canonical form. */
    private boolean asIs = true;
    private boolean userIdEscaped;
    /** The canonical text of {@code length} when its token is not already canonical. */
    private byte[] rewrittenDouble;
    private int doubleField = -1;

    /** The line's canonical form, or null when the full decoder must decide. */
    static CanonicalLine scan(byte[] bytes, int offset, int length) {
        return new CanonicalScanner().line(bytes, offset, length);
    }

    /** As {@link #scan}, reusing this scanner's scratch state. */
    CanonicalLine line(byte[] bytes, int offset, int length) {
        b = bytes;
        begin = offset;
        end = offset + length;
        p = offset;
        present = 0;
        seen = 0;
        lastField = -1;
        asIs = true;
        userIdEscaped = false;
        rewrittenDouble = null;
        doubleField = -1;
        try {
            return object();
        } finally {
            b = null; // do not keep the caller's buffer alive
        }
    }

    private CanonicalLine object() {
        skipWhitespace();
        if (!consume('{')) {
            return null;
        }
        skipWhitespace();
        if (p < end && b[p] == '}') {
            return null; // no ts: the decoder names what is missing
        }
        while (true) {
            skipWhitespace();
            int field = key();
            if (field == -2) {
                return null;
            }
            skipWhitespace();
            if (!consume(':')) {
                return null;
            }
            skipWhitespace();
            if (p >= end) {
                return null;
            }
            if (field < 0) {
                asIs = false;
                if (!skipUnknownValue()) {
                    return null;
                }
            } else if (!value(field)) {
                return null;
            }
            skipWhitespace();
            if (p >= end) {
                return null;
            }
            byte c = b[p++];
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return null;
            }
        }
        skipWhitespace();
        if (p != end) {
            return null; // trailing data
        }
        if (!has(TS) || !has(SESSION_ID) || !has(PAGE) || to[PAGE] - from[PAGE] == 2) {
            return null;
        }
        return CanonicalLine.valid(json(), userId(), tsValue());
    }

    /** The field ordinal, -1 for a key the model does not know, -2 when the decoder must decide. */
    private int key() {
        if (!consume('"')) {
            return -2;
        }
        // Real lines list the fields in schema order: try the next one before scanning the key.
        int guess = lastField + 1;
        if (guess < FIELDS) {
            byte[] name = NAMES[guess];
            int n = name.length;
            if (p + n < end && b[p + n] == '"' && sameBytes(p, name)) {
                p += n + 1;
                return guess;
            }
        }
        int start = p;
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0x20) { // escapes, control and non-ASCII bytes: never a known key
                return -2;
            }
            p++;
        }
        if (p >= end) {
            return -2;
        }
        int stop = p++;
        int n = stop - start;
        for (int f = 0; f < FIELDS; f++) {
            if (NAMES[f].length == n && sameBytes(start, NAMES[f])) {
                return f;
            }
        }
        return -1;
    }

    /** Field names are a few bytes: a plain loop beats {@link Arrays#equals}' set-up. */
    private boolean sameBytes(int at, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (b[at + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean value(int field) {
        long bit = 1L << field;
        if ((seen & bit) != 0) {
            return false; // duplicate
        }
        seen |= bit;
        if (field <= lastField) {
            asIs = false;
        }
        lastField = field;
        if (b[p] == 'n') {
            asIs = false; // null is absent: canonical JSON omits the key
            return literal("null");
        }
        int start = p;
        boolean ok = switch (TYPES[field]) {
            case STRING -> b[p] == '"' && string(field == USER_ID);
            case LONG -> integer(18);
            case INT -> integer(9);
            case DOUBLE -> decimal(field);
        };
        if (!ok) {
            return false;
        }
        from[field] = start;
        to[field] = p;
        present |= bit;
        return true;
    }

    /** A string token with only canonical escapes and strictly valid UTF-8; p ends after the closing quote. */
    private boolean string(boolean isUserId) {
        p++;
        while (true) {
            while (p + 8 <= end && !needsLook((long) LONGS.get(b, p))) {
                p += 8;
            }
            if (p >= end) {
                return false;
            }
            byte c = b[p];
            if (c == '"') {
                p++;
                return true;
            }
            if (c == '\\') {
                if (p + 1 >= end || (b[p + 1] != '"' && b[p + 1] != '\\')) {
                    return false;
                }
                userIdEscaped |= isUserId;
                p += 2;
            } else if (c >= 0x20) {
                p++;
            } else if (c >= 0) {
                return false; // an unescaped control character is not JSON
            } else {
                int n = utf8SequenceLength(p);
                if (n == 0) {
                    return false;
                }
                p += n;
            }
        }
    }

    /**
     * Whether any of the 8 bytes is a quote, a backslash, a control or a non-ASCII byte (the
     * classic "has zero byte" and "has byte less than" word tricks: exact for "any", which is all
     * that is asked here).
     */
    private static boolean needsLook(long w) {
        long quote = w ^ QUOTES;
        long backslash = w ^ BACKSLASHES;
        long zeroInQuote = (quote - ONES) & ~quote;
        long zeroInBackslash = (backslash - ONES) & ~backslash;
        long lessThanSpace = (w - SPACES) & ~w;
        return ((zeroInQuote | zeroInBackslash | lessThanSpace | w) & HIGH_BITS) != 0;
    }

    /** Bytes in the strictly valid (RFC 3629) UTF-8 sequence starting at i, or 0 when it is not one. */
    private int utf8SequenceLength(int i) {
        int c = b[i] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0; // overlong
            } else if (c == 0xED) {
                hi = 0x9F; // surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90; // overlong
            } else if (c == 0xF4) {
                hi = 0x8F; // above U+10FFFF
            }
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int c1 = b[i + 1] & 0xFF;
        if (c1 < lo || c1 > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        return n;
    }

    /** A JSON integer that is its own {@link Long#toString}: no fraction, exponent, leading zero or {@code -0}. */
    private boolean integer(int maxDigits) {
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        int digitsStart = p;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        int digits = p - digitsStart;
        if (digits == 0 || digits > maxDigits || (b[digitsStart] == '0' && (digits > 1 || negative))) {
            return false;
        }
        return p >= end || (b[p] != '.' && b[p] != 'e' && b[p] != 'E');
    }

    /** A JSON number for a double field; rewritten when its token is not the canonical text. */
    private boolean decimal(int field) {
        int start = p;
        if (b[p] == '-') {
            p++;
        }
        int intStart = p;
        if (p < end && b[p] == '0') {
            p++;
        } else {
            skipDigits();
        }
        int intEnd = p;
        if (intEnd == intStart) {
            return false;
        }
        int fracStart = -1;
        if (p < end && b[p] == '.') {
            fracStart = ++p;
            skipDigits();
            if (p == fracStart) {
                return false;
            }
        }
        boolean exponent = p < end && (b[p] == 'e' || b[p] == 'E');
        if (exponent) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int expStart = p;
            skipDigits();
            if (p == expStart) {
                return false;
            }
        }
        if (p - start > MAX_NUMBER_CHARS) {
            return false;
        }
        if (!exponent && start == intStart && fracStart > 0 && isShortestPlainDecimal(intStart, intEnd, fracStart, p)) {
            return true;
        }
        double d = NumberInput.parseDouble(new String(b, start, p - start, StandardCharsets.ISO_8859_1), true);
        if (!Double.isFinite(d)) {
            return false;
        }
        rewrittenDouble = NumberOutput.toString(d, true).getBytes(StandardCharsets.ISO_8859_1);
        doubleField = field;
        asIs = false;
        return true;
    }

    /** True for {@code d.ddd} in [0.001, 10^7), at most 15 significant digits, no trailing zero but in {@code d.0}. */
    private boolean isShortestPlainDecimal(int intStart, int intEnd, int fracStart, int fracEnd) {
        int intDigits = intEnd - intStart;
        int fracDigits = fracEnd - fracStart;
        if (intDigits > 7 || (fracDigits > 1 && b[fracEnd - 1] == '0')) {
            return false;
        }
        if (b[intStart] != '0') {
            return intDigits + fracDigits <= 15;
        }
        int z = fracStart;
        while (z < fracEnd && b[z] == '0') {
            z++;
        }
        if (z == fracEnd) {
            return true; // 0.0
        }
        return z - fracStart <= 2 && fracEnd - z <= 15;
    }

    private void skipDigits() {
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
    }

    /** The value of a key the model does not know: skipped when scalar, else the decoder decides. */
    private boolean skipUnknownValue() {
        byte c = b[p];
        if (c == '"') {
            return string(false);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return decimalSyntaxOnly();
        }
        return literal("null") || literal("true") || literal("false");
    }

    private boolean decimalSyntaxOnly() {
        int savedField = doubleField;
        byte[] savedText = rewrittenDouble;
        boolean ok = decimal(-1);
        doubleField = savedField;
        rewrittenDouble = savedText;
        return ok;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (p + n > end) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != word.charAt(i)) {
                return false;
            }
        }
        p += n;
        return true;
    }

    private boolean consume(char c) {
        if (p < end && b[p] == c) {
            p++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            asIs = false;
            p++;
        }
    }

    private boolean has(int field) {
        return (present & (1L << field)) != 0;
    }

    private byte[] json() {
        if (asIs) {
            return Arrays.copyOfRange(b, begin, end);
        }
        int size = 2;
        for (int f = 0; f < FIELDS; f++) {
            if (has(f)) {
                size += 1 + CanonicalJsonWriter.keyPrefix(f).length + tokenLength(f);
            }
        }
        byte[] out = new byte[size - 1]; // no comma before the first field
        int o = 0;
        out[o++] = '{';
        for (int f = 0; f < FIELDS; f++) {
            if (!has(f)) {
                continue;
            }
            if (o > 1) {
                out[o++] = ',';
            }
            byte[] prefix = CanonicalJsonWriter.keyPrefix(f);
            System.arraycopy(prefix, 0, out, o, prefix.length);
            o += prefix.length;
            if (f == doubleField) {
                System.arraycopy(rewrittenDouble, 0, out, o, rewrittenDouble.length);
            } else {
                System.arraycopy(b, from[f], out, o, to[f] - from[f]);
            }
            o += tokenLength(f);
        }
        out[o] = '}';
        return out;
    }

    private int tokenLength(int f) {
        return f == doubleField ? rewrittenDouble.length : to[f] - from[f];
    }

    private byte[] userId() {
        if (!has(USER_ID)) {
            return null;
        }
        int start = from[USER_ID] + 1;
        int stop = to[USER_ID] - 1;
        if (!userIdEscaped) {
            return Arrays.copyOfRange(b, start, stop);
        }
        byte[] out = new byte[stop - start];
        int o = 0;
        for (int i = start; i < stop; i++) {
            if (b[i] == '\\') {
                i++; // only \" and \\ get here: the escaped byte is the character
            }
            out[o++] = b[i];
        }
        return Arrays.copyOf(out, o);
    }

    private long tsValue() {
        int i = from[TS];
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        for (; i < to[TS]; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return negative ? -v : v;
    }
}
