package io.sparkify.demo.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where every line of the replayed file ended up: an event in the lake, a row of the lake's
 * quarantine, a line the producer rejected (with its reason in the rejects file), or a blank
 * line. Nothing is lost when {@code lines == lakeEvents + quarantined + rejected + blank}.
 *
 * @param lines lines of the file, as the replay read them
 * @param lakeEvents rows in {@code <lake>/events}
 * @param quarantined rows in {@code <lake>/quarantine}
 * @param rejected lines the producer rejected before Kafka
 * @param blank blank lines, which carry no event
 * @param rejectsFile where the producer wrote its rejected lines
 */
public record LineAccounting(long lines, long lakeEvents, long quarantined, long rejected, long blank,
                             String rejectsFile) {

    public static LineAccounting of(DemoSummary.Replay replay, LakeCounts lake) {
        return new LineAccounting(replay.linesRead(), lake.events(), lake.quarantined(), replay.rejected(),
                replay.blank(), replay.rejectsFile());
    }

    /** Lines that are nowhere: 0 when every line is accounted for. */
    public long unaccounted() {
        return lines - lakeEvents - quarantined - rejected - blank;
    }

    /** @throws IllegalStateException naming the numbers when a line is missing or counted twice */
    public void check() {
        if (unaccounted() != 0) {
            throw new IllegalStateException("the file's lines are not all accounted for: " + equation()
                    + " (off by " + unaccounted() + ")");
        }
    }

    /** {@code 133,252 lines = 133,240 events + 0 quarantined + 10 rejected + 2 blank}. */
    public String equation() {
        return String.format(Locale.ROOT, "%,d lines %s %,d events in the lake + %,d quarantined + %,d rejected by the producer + %,d blank",
                lines, unaccounted() == 0 ? "=" : "!=", lakeEvents, quarantined, rejected, blank);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lines", lines);
        m.put("lake_events", lakeEvents);
        m.put("quarantined", quarantined);
        m.put("rejected", rejected);
        m.put("blank", blank);
        m.put("rejects_file", rejectsFile);
        m.put("unaccounted", unaccounted());
        return m;
    }
}
