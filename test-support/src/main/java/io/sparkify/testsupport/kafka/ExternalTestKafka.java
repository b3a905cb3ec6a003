package io.sparkify.testsupport.kafka;

/** A cluster someone else runs, named by {@code KAFKA_BOOTSTRAP_SERVERS}; left running afterwards. */
final class ExternalTestKafka extends AbstractTestKafka {

    private final String bootstrapServers;

    ExternalTestKafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String kind() {
        return "external";
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
