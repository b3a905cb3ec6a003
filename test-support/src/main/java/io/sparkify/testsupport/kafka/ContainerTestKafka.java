package io.sparkify.testsupport.kafka;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Apache's own broker image in Docker through Testcontainers, when a Docker engine is available. */
final class ContainerTestKafka extends AbstractTestKafka {

    /** The image of the same Kafka version as the clients and local-kafka. */
    static final String IMAGE = "apache/kafka:3.9.2";

    private final KafkaContainer container;

    private ContainerTestKafka(KafkaContainer container) {
        this.container = container;
    }

    static ContainerTestKafka start() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            throw new IllegalStateException(KafkaBrokerExtension.MODE_PROPERTY + "=testcontainers asks for a Kafka "
                    + "container but no Docker engine is reachable (DOCKER_HOST or /var/run/docker.sock); "
                    + "unset it to use the in-process broker");
        }
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE));
        container.start();
        return new ContainerTestKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String kind() {
        return "testcontainers";
    }

    @Override
    public void close() {
        container.stop();
    }
}
