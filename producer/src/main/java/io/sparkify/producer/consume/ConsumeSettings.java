package io.sparkify.producer.consume;

import io.sparkify.producer.kafka.ClientConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code consume} reads and when it stops.
 *
 * @param fromBeginning start at the earliest offsets (else only new messages, or the group's committed position)
 * @param max           stop after this many messages; {@link Long#MAX_VALUE} for no limit
 * @param idleTimeout   stop when no message arrived for this long; empty to run until stopped
 * @param group         consumer group to join and commit to; empty reads all partitions with no group
 * @param verbose       print partition, offset and key before each value
 */
public record ConsumeSettings(ClientConfig client, String topic, boolean fromBeginning, long max,
                              Optional<Duration> idleTimeout, Optional<String> group, boolean verbose, Duration connectTimeout) {

    public ConsumeSettings {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (max < 0) {
            throw new IllegalArgumentException("--max must not be negative, not " + max);
        }
        idleTimeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("--timeout must be positive, not " + t);
            }
        });
    }
}
