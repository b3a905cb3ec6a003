package io.sparkify.producer.kafka;

/** The topic to write to and how to create it when it is missing. */
public record TopicSpec(String name, int partitions, short replicationFactor) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name is empty");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("--replication-factor must be at least 1, not " + replicationFactor);
        }
    }
}
