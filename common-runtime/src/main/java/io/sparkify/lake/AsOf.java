package io.sparkify.lake;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Which version of a Delta table a reader reads: the latest, a version number, or the version
 * that was current at a point in time (Delta's time travel, {@code versionAsOf}/{@code timestampAsOf}).
 * Readers resolve it to one version number before reading, so what they record is what they read.
 *
 * @param version the table version, or -1
 * @param timestamp the instant, or null
 */
public record AsOf(long version, Instant timestamp) {

    public static final AsOf LATEST = new AsOf(-1, null);

    public AsOf {
        if (version < -1) {
            throw new IllegalArgumentException("a table version is 0 or more, not " + version);
        }
        if (version >= 0 && timestamp != null) {
            throw new IllegalArgumentException("give a table version or a timestamp, not both");
        }
    }

    public static AsOf version(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("a table version is 0 or more, not " + version);
        }
        return new AsOf(version, null);
    }

    public static AsOf timestamp(Instant t) {
        return new AsOf(-1, Objects.requireNonNull(t, "timestamp"));
    }

    /**
     * From the command line: both null is the latest version; a timestamp is ISO-8601
     * ({@code 2026-12-01T08:00:00Z}) or a date ({@code 2026-12-01}, its start in UTC).
     */
    public static AsOf parse(Long version, String timestamp) {
        if (version != null && timestamp != null) {
            throw new IllegalArgumentException("--as-of-version and --as-of-timestamp exclude each other");
        }
        if (version != null) {
            return version(version);
        }
        if (timestamp == null) {
            return LATEST;
        }
        try {
            return timestamp(timestamp.length() == 10
                    ? java.time.LocalDate.parse(timestamp).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--as-of-timestamp must be ISO-8601 (2026-12-01T08:00:00Z) or a date "
                    + "(2026-12-01), not '" + timestamp + "'");
        }
    }

    public boolean latest() {
        return version < 0 && timestamp == null;
    }
}
