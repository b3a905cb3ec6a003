package io.sparkify.producer.replay;

import io.sparkify.model.RejectReason;
import io.sparkify.model.json.CanonicalLine;
import io.sparkify.model.json.Canonicalizer;
import io.sparkify.model.json.EventCodec;

/**
 * A {@link LineChunk} turned into what the sender needs, line by line: a message (key, value,
 * event time) or the reason the line is not one. Built on a worker thread; read by the sender.
 */
final class EncodedChunk {

    private static final byte[] NO_USER = new byte[0];

    final LineChunk lines;
    private final byte[][] keys;
    private final byte[][] values;
    private final long[] times;
    private final RejectReason[] reasons;
    private final String[] details;

    private EncodedChunk(LineChunk lines) {
        this.lines = lines;
        int n = lines.count();
        keys = new byte[n][];
        values = new byte[n][];
        times = new long[n];
        reasons = new RejectReason[n];
        details = new String[n];
    }

    /**
     * Validates and re-encodes every line (canonical JSON, key = userId, empty for events without
     * a user); with {@code raw}, takes the bytes as they are with no key.
     */
    static EncodedChunk encode(LineChunk lines, EventCodec codec, boolean raw) {
        EncodedChunk c = new EncodedChunk(lines);
        Canonicalizer canonical = codec.canonicalizer();
        for (int i = 0; i < lines.count(); i++) {
            if (lines.tooLong(i)) {
                c.reasons[i] = RejectReason.LINE_TOO_LONG;
                c.details[i] = "line of " + lines.trueLength(i) + " bytes, limit " + codec.maxLineBytes();
            } else if (raw) {
                c.values[i] = lines.copy(i);
            } else {
                CanonicalLine r = canonical.canonicalize(lines.data(), lines.offset(i), lines.length(i));
                if (r.isValid()) {
                    c.keys[i] = r.userId() == null ? NO_USER : r.userId();
                    c.values[i] = r.json();
                    c.times[i] = r.ts();
                } else {
                    c.reasons[i] = r.reason();
                    c.details[i] = r.detail();
                }
            }
        }
        return c;
    }

    int count() {
        return lines.count();
    }

    /** Null when the line is a message. */
    RejectReason reason(int i) {
        return reasons[i];
    }

    String detail(int i) {
        return details[i];
    }

    byte[] key(int i) {
        return keys[i];
    }

    byte[] value(int i) {
        return values[i];
    }

    long ts(int i) {
        return times[i];
    }
}
