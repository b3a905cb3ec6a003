package io.sparkify.churn.io;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What loading the input found: every line or row is accounted for as rejected (with its
 * reason), dropped for an empty userId, or kept as a user event.
 *
 * @param source the input URI as given
 * @param format {@code json} (a log file, decoded with the common-model codec), {@code delta} (the lake's
 *     events table) or {@code parquet}
 * @param recordsRead lines of a JSON log, or rows of the lake's events plus its quarantine
 * @param rejected rejected lines by reason code (for the lake: its quarantine by reason)
 * @param validEvents events that passed validation
 * @param emptyUserIdDropped valid events with an empty or missing userId (guests, logged out): dropped
 * @param userEvents events kept for the churn job
 * @param users distinct non-empty userIds
 * @param churnedUsers users with a "Cancellation Confirmation" event
 * @param firstEventMs earliest {@code ts} of the kept events (0 when there are none)
 * @param lastEventMs latest {@code ts} of the kept events (0 when there are none)
 * @param tableVersion the Delta table version the events were read at; null for other inputs
 */
public record DataQuality(String source, String format, long recordsRead, Map<String, Long> rejected,
                          long validEvents, long emptyUserIdDropped, long userEvents, long users,
                          long churnedUsers, long firstEventMs, long lastEventMs, Long tableVersion) {

    public DataQuality {
        rejected = Map.copyOf(rejected);
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The JSON form used in metrics.json and the {@code --json} summaries. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uri", source);
        m.put("format", format);
        if (tableVersion != null) {
            // What train --as-of-version takes to read the same events again.
            m.put("table_version", tableVersion);
        }
        m.put("records_read", recordsRead);
        m.put("rejected_total", rejectedTotal());
        m.put("rejected", new java.util.TreeMap<>(rejected));
        m.put("valid_events", validEvents);
        m.put("empty_user_id_dropped", emptyUserIdDropped);
        m.put("user_events", userEvents);
        m.put("users", users);
        m.put("churned_users", churnedUsers);
        m.put("first_event", userEvents == 0 ? null : Instant.ofEpochMilli(firstEventMs).toString());
        m.put("last_event", userEvents == 0 ? null : Instant.ofEpochMilli(lastEventMs).toString());
        return m;
    }

    /** One line for logs and the text output. */
    public String describe() {
        return String.format("%s (%s): %,d read, %,d rejected%s, %,d with empty userId dropped, %,d events of %,d users (%,d churned)",
                source, format, recordsRead, rejectedTotal(), rejected.isEmpty() ? "" : " " + new java.util.TreeMap<>(rejected),
                emptyUserIdDropped, userEvents, users, churnedUsers);
    }
}
