package io.sparkify.producer.kafka;

import io.sparkify.config.PropertiesFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Kafka client settings as the user gave them: the bootstrap servers plus the properties files
 * (security, SASL/SSL, tuning) passed through unchanged. Immutable.
 *
 * @param bootstrapServers   {@code host:port[,host:port]}
 * @param shared             properties for every client (the {@code --client-config} file)
 * @param producerOverrides  properties for the producer only (the {@code --producer-config} file); they win
 */
public record ClientConfig(String bootstrapServers, Map<String, String> shared, Map<String, String> producerOverrides) {

    public ClientConfig {
        shared = Map.copyOf(shared);
        producerOverrides = Map.copyOf(producerOverrides);
    }

    public static ClientConfig of(String bootstrapServers) {
        return new ClientConfig(bootstrapServers, Map.of(), Map.of());
    }

    /** Reads the optional files; a missing or unreadable file is a usage error naming it. */
    public static ClientConfig load(String bootstrapServers, Optional<Path> clientConfig, Optional<Path> producerConfig) {
        return new ClientConfig(bootstrapServers, read(clientConfig, "--client-config"), read(producerConfig, "--producer-config"));
    }

    /** Settings for admin and consumer clients: the shared file, then the bootstrap servers. */
    public Properties common() {
        Properties p = new Properties();
        p.putAll(shared);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** Producer settings: {@code tuned} defaults, overridden by the shared file, then the producer file, then the bootstrap servers. */
    public Properties producer(Map<String, String> tuned) {
        Properties p = new Properties();
        p.putAll(tuned);
        p.putAll(shared);
        p.putAll(producerOverrides);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    private static Map<String, String> read(Optional<Path> file, String flag) {
        return file.map(f -> PropertiesFile.read(f, flag)).orElse(Map.of());
    }
}
