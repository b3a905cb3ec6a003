package io.sparkify.model.json;

import io.sparkify.model.SparkifyEvent;
import java.nio.charset.StandardCharsets;

/**
 * {@link EventCodec#canonicalize} for one thread: line after line, with its scratch state reused.
 *
 * <p>Most real lines take a one-pass fast path that copies value tokens straight from the input
 * ({@link CanonicalScanner}); anything unusual, and every rejection, goes through
 * {@link EventCodec#decode} and {@link EventCodec#encode}, so the rules and their outcomes are
 * the same either way. Not thread-safe.
 */
public final class Canonicalizer {

    private final EventCodec codec;
    private final CanonicalScanner scanner = new CanonicalScanner();

    Canonicalizer(EventCodec codec) {
        this.codec = codec;
    }

    /** See {@link EventCodec#canonicalize}. */
    public CanonicalLine canonicalize(byte[] bytes, int offset, int length) {
        if (length <= codec.maxLineBytes()) {
            CanonicalLine fast = scanner.line(bytes, offset, length);
            if (fast != null) {
                return fast;
            }
        }
        DecodeResult r = codec.decode(bytes, offset, length);
        if (!r.isValid()) {
            return CanonicalLine.rejected(r);
        }
        SparkifyEvent e = r.event();
        return CanonicalLine.valid(codec.encode(e), e.userId() == null ? null : e.userId().getBytes(StandardCharsets.UTF_8),
                e.ts());
    }
}
