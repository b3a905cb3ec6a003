package io.sparkify.ingest.compact;

import io.sparkify.lake.LakeLayout;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One compaction run.
 *
 * @param lake the lake whose tables are compacted
 * @param date the day: {@code event_date} of events, {@code ingest_date} of quarantine
 * @param targetFileBytes the size the rewritten files aim for (input bytes per output file)
 * @param grace how long replaced files stay on disk after the switch, for readers that planned
 *     their scan before it; they are not in the log any more, so no new reader sees them
 */
public record CompactionSettings(LakeLayout lake, LocalDate date, long targetFileBytes, Duration grace) {

    public static final long DEFAULT_TARGET_FILE_BYTES = 128L << 20;
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);

    public CompactionSettings {
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(grace, "grace");
        if (targetFileBytes <= 0) {
            throw new IllegalArgumentException("target file size must be positive");
        }
    }
}
