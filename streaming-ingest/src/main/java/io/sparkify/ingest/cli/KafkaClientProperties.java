package io.sparkify.ingest.cli;

import io.sparkify.cli.ExitCodes;
import io.sparkify.cli.UserException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

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
            props.putAll(load(Path.of(clientConfig), "--client-config"));
        }
        if (consumerConfig != null) {
            props.putAll(load(consumerConfig, "--consumer-config"));
        }
        if (options != null) {
            props.putAll(options);
        }
        return props;
    }

    private static Map<String, String> load(Path file, String flag) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, flag + " " + file + ": cannot read: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k).trim());
        }
        return out;
    }
}
