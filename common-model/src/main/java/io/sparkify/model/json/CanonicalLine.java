package io.sparkify.model.json;

import io.sparkify.model.RejectReason;

/**
 * One input line as a producer sends it: the event's canonical JSON, its userId as UTF-8 (the
 * Kafka key) and its event time; or, for a line that is not a valid event, the reason and detail
 * {@link EventCodec#decode} gives. See {@link EventCodec#canonicalize}.
 *
 * @param json   canonical compact JSON, exactly {@code encode(decode(line))}; null when rejected
 * @param userId the userId's UTF-8 bytes; null when the event has none (or is rejected)
 * @param ts     the event's {@code ts}
 */
public record CanonicalLine(byte[] json, byte[] userId, long ts, RejectReason reason, String detail) {

    static CanonicalLine valid(byte[] json, byte[] userId, long ts) {
        return new CanonicalLine(json, userId, ts, null, null);
    }

    static CanonicalLine rejected(DecodeResult r) {
        return new CanonicalLine(null, null, 0, r.reason(), r.detail());
    }

    public boolean isValid() {
        return json != null;
    }
}
