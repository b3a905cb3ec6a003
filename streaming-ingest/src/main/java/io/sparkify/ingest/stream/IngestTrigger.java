package io.sparkify.ingest.stream;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.streaming.Trigger;

/**
 * When the ingest queries run a micro-batch: every {@code interval} until stopped, or
 * {@code available-now} (drain what the topic holds at start, in as many batches as
 * {@code maxOffsetsPerTrigger} needs, then exit).
 *
 * @param interval the processing-time interval; null for available-now
 */
public record IngestTrigger(Duration interval) {

    private static final Pattern PROCESSING_TIME =
            Pattern.compile("processing-time=(\\d+)\\s*(ms|s|m|h|milliseconds?|seconds?|minutes?|hours?)");

    public IngestTrigger {
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("trigger interval must be positive: " + interval);
        }
    }

    public static IngestTrigger availableNow() {
        return new IngestTrigger(null);
    }

    public static IngestTrigger every(Duration interval) {
        return new IngestTrigger(interval);
    }

    /** Parses {@code available-now} or {@code processing-time=10s} (units ms, s, m, h). */
    public static IngestTrigger parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("available-now")) {
            return availableNow();
        }
        Matcher m = PROCESSING_TIME.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("--trigger must be processing-time=<n><ms|s|m|h> or available-now, not '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        Duration d;
        if (unit.equals("ms") || unit.startsWith("milli")) {
            d = Duration.ofMillis(n);
        } else if (unit.equals("s") || unit.startsWith("sec")) {
            d = Duration.ofSeconds(n);
        } else if (unit.equals("m") || unit.startsWith("min")) {
            d = Duration.ofMinutes(n);
        } else {
            d = Duration.ofHours(n);
        }
        return every(d);
    }

    public boolean isAvailableNow() {
        return interval == null;
    }

    Trigger toSpark() {
        return isAvailableNow() ? Trigger.AvailableNow() : Trigger.ProcessingTime(interval.toMillis());
    }

    @Override
    public String toString() {
        return isAvailableNow() ? "available-now" : "processing-time=" + interval.toMillis() + "ms";
    }
}
