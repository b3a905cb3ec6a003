package io.sparkify.kafka.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;

/**
 * Empties a broker data directory for {@code --fresh}, but only one that is safe to empty:
 * missing, empty, or a Kafka log directory (its {@code meta.properties} names a cluster and a
 * node, as the storage format writes it). {@code --data-dir ~} with {@code --fresh} must not
 * delete a home directory.
 */
final class FreshStart {

    private FreshStart() {
    }

    /** Why {@code dir} must not be wiped, or empty when it may be. */
    static Optional<String> refusal(Path dir) {
        if (!Files.exists(dir)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of("refusing --fresh: " + dir + " is a file, not a broker data directory");
        }
        if (isEmpty(dir) || isKafkaLogDir(dir)) {
            return Optional.empty();
        }
        return Optional.of("refusing --fresh: " + dir + " is not empty and is not a Kafka data directory (no "
                + "meta.properties with cluster.id and node.id); choose another --data-dir, or empty it yourself");
    }

    /** Deletes everything in {@code dir} (and {@code dir} itself) after {@link #refusal} allowed it. */
    static void wipe(Path dir) {
        Optional<String> no = refusal(dir);
        if (no.isPresent()) {
            throw new BrokerStartException(no.get());
        }
        deleteRecursively(dir);
    }

    static boolean isKafkaLogDir(Path dir) {
        Path meta = dir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return false;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return p.getProperty("cluster.id") != null && p.getProperty("node.id") != null;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new BrokerStartException("cannot delete the broker data directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
