package io.sparkify.ingest.stream;

import io.sparkify.lake.LakeLayout;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything one ingest run needs, resolved once at the command line.
 *
 * @param bootstrapServers Kafka brokers
 * @param topic the topic to ingest
 * @param lake where events and quarantine are written
 * @param checkpoint root of the two queries' checkpoints ({@code events/}, {@code quarantine/} under it)
 * @param startingOffsets {@code earliest} or {@code latest}: used only when a checkpoint is new
 * @param maxOffsetsPerTrigger records per micro-batch at most; empty for no limit
 * @param trigger processing-time interval or available-now
 * @param kafkaClientProperties extra Kafka consumer properties (security, tuning), without the
 *     {@code kafka.} prefix; passed to Spark's Kafka source as {@code kafka.<key>}
 * @param maxRecordsPerFile upper bound of rows in one parquet file
 * @param maxValueBytes record values longer than this are quarantined as line_too_long
 * @param connectTimeout how long to wait for the brokers when checking the topic before start
 */
public record IngestSettings(
        String bootstrapServers,
        String topic,
        LakeLayout lake,
        String checkpoint,
        String startingOffsets,
        OptionalLong maxOffsetsPerTrigger,
        IngestTrigger trigger,
        Map<String, String> kafkaClientProperties,
        long maxRecordsPerFile,
        int maxValueBytes,
        Duration connectTimeout) {

    public static final String JOB_NAME = "ingest";
    public static final long DEFAULT_MAX_RECORDS_PER_FILE = 1_000_000L;

    public IngestSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(trigger, "trigger");
        if (checkpoint == null || checkpoint.isBlank()) {
            checkpoint = lake.checkpoint(JOB_NAME);
        }
        while (checkpoint.length() > 1 && checkpoint.endsWith("/")) {
            checkpoint = checkpoint.substring(0, checkpoint.length() - 1);
        }
        if (!startingOffsets.equals("earliest") && !startingOffsets.equals("latest")) {
            throw new IllegalArgumentException("--starting-offsets must be earliest or latest, not '" + startingOffsets + "'");
        }
        if (maxOffsetsPerTrigger.isPresent() && maxOffsetsPerTrigger.getAsLong() <= 0) {
            throw new IllegalArgumentException("--max-offsets-per-trigger must be positive");
        }
        if (maxRecordsPerFile <= 0) {
            throw new IllegalArgumentException("--max-records-per-file must be positive");
        }
        kafkaClientProperties = Map.copyOf(kafkaClientProperties);
    }

    /** Settings with the defaults of everything but the connection, lake and trigger (tests, embedding). */
    public static IngestSettings of(String bootstrapServers, String topic, String lakeUri, IngestTrigger trigger) {
        return new IngestSettings(bootstrapServers, topic, new LakeLayout(lakeUri), null, "earliest",
                OptionalLong.empty(), trigger, Map.of(), DEFAULT_MAX_RECORDS_PER_FILE,
                io.sparkify.model.json.EventCodec.DEFAULT_MAX_LINE_BYTES, Duration.ofSeconds(30));
    }

    public IngestSettings withMaxOffsetsPerTrigger(long n) {
        return new IngestSettings(bootstrapServers, topic, lake, checkpoint, startingOffsets, OptionalLong.of(n),
                trigger, kafkaClientProperties, maxRecordsPerFile, maxValueBytes, connectTimeout);
    }

    public IngestSettings withTrigger(IngestTrigger t) {
        return new IngestSettings(bootstrapServers, topic, lake, checkpoint, startingOffsets, maxOffsetsPerTrigger,
                t, kafkaClientProperties, maxRecordsPerFile, maxValueBytes, connectTimeout);
    }

    public IngestSettings withMaxRecordsPerFile(long n) {
        return new IngestSettings(bootstrapServers, topic, lake, checkpoint, startingOffsets, maxOffsetsPerTrigger,
                trigger, kafkaClientProperties, n, maxValueBytes, connectTimeout);
    }

    public String eventsCheckpoint() {
        return checkpoint + "/events";
    }

    public String quarantineCheckpoint() {
        return checkpoint + "/quarantine";
    }
}
