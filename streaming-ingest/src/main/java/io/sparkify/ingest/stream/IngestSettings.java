package io.sparkify.ingest.stream;

import io.sparkify.config.ConfigKey;
import io.sparkify.lake.LakeLayout;
import io.sparkify.model.json.EventCodec;
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
 * @param startingOffsets {@code earliest} or {@code latest}: resolved once, when the checkpoint is new
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
    public static final Duration DEFAULT_CONNECT_TIMEOUT = ConfigKey.KAFKA_CONNECT_TIMEOUT.defaultDuration();

    public IngestSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(maxOffsetsPerTrigger, "maxOffsetsPerTrigger");
        if (checkpoint == null || checkpoint.isBlank()) {
            checkpoint = lake.checkpoint(JOB_NAME);
        }
        while (checkpoint.length() > 1 && checkpoint.endsWith("/")) {
            checkpoint = checkpoint.substring(0, checkpoint.length() - 1);
        }
        if (!"earliest".equals(startingOffsets) && !"latest".equals(startingOffsets)) {
            throw new IllegalArgumentException("--starting-offsets must be earliest or latest, not '" + startingOffsets + "'");
        }
        if (maxOffsetsPerTrigger.isPresent() && maxOffsetsPerTrigger.getAsLong() <= 0) {
            throw new IllegalArgumentException("--max-offsets-per-trigger must be positive");
        }
        if (maxRecordsPerFile <= 0) {
            throw new IllegalArgumentException("--max-records-per-file must be positive");
        }
        if (maxValueBytes <= 0) {
            throw new IllegalArgumentException("--max-value-bytes must be positive");
        }
        if (connectTimeout == null) {
            connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        } else if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("--connect-timeout must be positive, not " + connectTimeout);
        }
        kafkaClientProperties = Map.copyOf(kafkaClientProperties);
    }

    /** A builder with every default but the connection and the lake. */
    public static Builder builder(String bootstrapServers, String topic, String lakeUri) {
        return new Builder(bootstrapServers, topic, new LakeLayout(lakeUri));
    }

    /** Settings with the defaults of everything but the connection, lake and trigger (tests, embedding). */
    public static IngestSettings of(String bootstrapServers, String topic, String lakeUri, IngestTrigger trigger) {
        return builder(bootstrapServers, topic, lakeUri).trigger(trigger).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(bootstrapServers, topic, lake);
        b.checkpoint = checkpoint;
        b.startingOffsets = startingOffsets;
        b.maxOffsetsPerTrigger = maxOffsetsPerTrigger;
        b.trigger = trigger;
        b.kafkaClientProperties = kafkaClientProperties;
        b.maxRecordsPerFile = maxRecordsPerFile;
        b.maxValueBytes = maxValueBytes;
        b.connectTimeout = connectTimeout;
        return b;
    }

    public IngestSettings withMaxOffsetsPerTrigger(long n) {
        return toBuilder().maxOffsetsPerTrigger(n).build();
    }

    public IngestSettings withTrigger(IngestTrigger t) {
        return toBuilder().trigger(t).build();
    }

    public IngestSettings withMaxRecordsPerFile(long n) {
        return toBuilder().maxRecordsPerFile(n).build();
    }

    public IngestSettings withStartingOffsets(String earliestOrLatest) {
        return toBuilder().startingOffsets(earliestOrLatest).build();
    }

    public String eventsCheckpoint() {
        return checkpoint + "/events";
    }

    public String quarantineCheckpoint() {
        return checkpoint + "/quarantine";
    }

    /** Builds {@link IngestSettings}; a null argument to a setter keeps the default. */
    public static final class Builder {
        private final String bootstrapServers;
        private final String topic;
        private final LakeLayout lake;
        private String checkpoint;
        private String startingOffsets = "earliest";
        private OptionalLong maxOffsetsPerTrigger = OptionalLong.empty();
        private IngestTrigger trigger = IngestTrigger.every(Duration.ofSeconds(10));
        private Map<String, String> kafkaClientProperties = Map.of();
        private long maxRecordsPerFile = DEFAULT_MAX_RECORDS_PER_FILE;
        private int maxValueBytes = EventCodec.DEFAULT_MAX_LINE_BYTES;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private Builder(String bootstrapServers, String topic, LakeLayout lake) {
            this.bootstrapServers = bootstrapServers;
            this.topic = topic;
            this.lake = lake;
        }

        /** Empty or null: {@code <lake>/_checkpoints/ingest}. */
        public Builder checkpoint(String uri) {
            this.checkpoint = uri;
            return this;
        }

        public Builder startingOffsets(String earliestOrLatest) {
            if (earliestOrLatest != null) {
                this.startingOffsets = earliestOrLatest.trim();
            }
            return this;
        }

        public Builder maxOffsetsPerTrigger(Long n) {
            this.maxOffsetsPerTrigger = n == null ? OptionalLong.empty() : OptionalLong.of(n);
            return this;
        }

        public Builder maxOffsetsPerTrigger(OptionalLong n) {
            this.maxOffsetsPerTrigger = n;
            return this;
        }

        public Builder trigger(IngestTrigger t) {
            if (t != null) {
                this.trigger = t;
            }
            return this;
        }

        public Builder kafkaClientProperties(Map<String, String> props) {
            if (props != null) {
                this.kafkaClientProperties = props;
            }
            return this;
        }

        public Builder maxRecordsPerFile(long n) {
            this.maxRecordsPerFile = n;
            return this;
        }

        public Builder maxValueBytes(int n) {
            this.maxValueBytes = n;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            if (d != null) {
                this.connectTimeout = d;
            }
            return this;
        }

        public IngestSettings build() {
            return new IngestSettings(bootstrapServers, topic, lake, checkpoint, startingOffsets, maxOffsetsPerTrigger,
                    trigger, kafkaClientProperties, maxRecordsPerFile, maxValueBytes, connectTimeout);
        }
    }
}
