package io.sparkify.ingest.cli;

import io.sparkify.config.PropertiesFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka client properties of a run, lowest precedence first: the shared client-config file
 * (conf {@code kafka.client.config}), the consumer-config file, then each {@code --kafka-option}.
 */
final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    static Map<String, String> resolve(String clientConfig, Path consumerConfig, Map<String, String> options) {
        Map<String, String> props = new LinkedHashMap<>();
        if (clientConfig != null && !clientConfig.isBlank()) {
            props.putAll(PropertiesFile.read(Path.of(clientConfig), "--client-config"));
        }
        if (consumerConfig != null) {
            props.putAll(PropertiesFile.read(consumerConfig, "--consumer-config"));
        }
        if (options != null) {
            props.putAll(options);
        }
        return props;
    }
}
