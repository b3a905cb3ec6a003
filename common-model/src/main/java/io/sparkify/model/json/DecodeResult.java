package io.sparkify.model.json;

import io.sparkify.model.RejectReason;
import io.sparkify.model.SparkifyEvent;

/**
 * What the codec made of one input: an event, or the reason it is not one and a human-readable
 * detail (field, byte offset) for the reject file or quarantine.
 */
public record DecodeResult(SparkifyEvent event, RejectReason reason, String detail) {

    public static DecodeResult valid(SparkifyEvent event) {
        return new DecodeResult(event, null, null);
    }

    public static DecodeResult rejected(RejectReason reason, String detail) {
        return new DecodeResult(null, reason, detail);
    }

    public boolean isValid() {
        return event != null;
    }

    /** "reason: detail", for logs and reject files. */
    public String describe() {
        if (isValid()) {
            return "valid";
        }
        return detail == null || detail.isEmpty() ? reason.code() : reason.code() + ": " + detail;
    }
}
