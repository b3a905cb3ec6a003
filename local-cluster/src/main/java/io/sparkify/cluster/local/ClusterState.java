package io.sparkify.cluster.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;

/**
 * What a cluster directory remembers between runs, in {@code cluster.properties}: the ports HDFS and Kafka
 * had. A restart reuses them, so that the URIs the lake and its checkpoint recorded
 * ({@code hdfs://localhost:<port>/...}) and the bootstrap servers in scripts stay valid. The file also marks
 * the directory as a cluster's, which {@code --fresh} requires before deleting anything.
 *
 * @param hdfsPort  0 before the first successful start
 * @param kafkaPort 0 before the first successful start
 */
record ClusterState(int hdfsPort, int kafkaPort) {

    static final String FILE = "cluster.properties";

    boolean started() {
        return hdfsPort != 0;
    }

    static ClusterState read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return new ClusterState(0, 0);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
            return new ClusterState(Integer.parseInt(p.getProperty("hdfs.port", "0").trim()),
                    Integer.parseInt(p.getProperty("kafka.port", "0").trim()));
        } catch (IOException | NumberFormatException e) {
            throw new ClusterStartException(f + ": unreadable (" + e.getMessage() + "); fix it or start with --fresh");
        }
    }

    void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("hdfs.port", String.valueOf(hdfsPort));
        p.setProperty("kafka.port", String.valueOf(kafkaPort));
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(w, "ports of ./sparkify cluster, reused on restart");
        }
    }

    /**
     * Deletes a cluster directory for {@code --fresh}: only a missing or empty one, or one with
     * {@code cluster.properties} ({@code --dir ~ --fresh} must not delete a home directory).
     */
    static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new ClusterStartException("refusing --fresh: " + dir + " is a file, not a cluster directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent() && !Files.isRegularFile(dir.resolve(FILE))) {
                throw new ClusterStartException("refusing --fresh: " + dir + " is not empty and is not a cluster "
                        + "directory (no " + FILE + "); choose another --dir, or empty it yourself");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new ClusterStartException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
