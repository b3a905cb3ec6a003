package io.sparkify.testsupport.kafka;

import java.util.Properties;

/**
 * A running Kafka cluster a test can use, given by {@link KafkaBrokerExtension}: the in-process
 * KRaft broker, a Testcontainers broker or an external cluster. Tests should create their own
 * topics with {@link #newTopic} names, since an external cluster may be shared.
 */
public interface TestKafka {

    /** {@code host:port[,host:port]} for any Kafka client. */
    String bootstrapServers();

    /** Client settings to start from: the bootstrap servers (and, for an external cluster, its security settings). */
    Properties clientProperties();

    /** Creates the topic (replication factor 1) and waits until it exists. */
    void createTopic(String name, int partitions);

    /** A topic name no other test uses: {@code <prefix>-<random>}. It is not created. */
    String newTopic(String prefix);

    /** Which kind of cluster this is, for messages: embedded, testcontainers or external. */
    String kind();
}
