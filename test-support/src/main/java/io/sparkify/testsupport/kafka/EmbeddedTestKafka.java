package io.sparkify.testsupport.kafka;

import io.sparkify.kafka.local.BrokerSettings;
import io.sparkify.kafka.local.LocalKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The default: local-kafka's in-process KRaft broker on a free port, data in a temporary directory deleted afterwards. */
final class EmbeddedTestKafka extends AbstractTestKafka {

    private final LocalKafkaBroker broker;
    private final Path dataDir;

    private EmbeddedTestKafka(LocalKafkaBroker broker, Path dataDir) {
        this.broker = broker;
        this.dataDir = dataDir;
    }

    static EmbeddedTestKafka start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("sparkify-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the test broker", e);
        }
        return new EmbeddedTestKafka(new LocalKafkaBroker(BrokerSettings.ephemeral(dir)).start(), dir);
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public void close() {
        broker.close();
        new TempDirs().delete(dataDir);
    }
}
