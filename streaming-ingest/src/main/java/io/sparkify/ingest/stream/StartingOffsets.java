package io.sparkify.ingest.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkify.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place both queries start from. {@code earliest}/{@code latest} handed to each query
 * would be resolved by each on its own, at its own first batch: records produced in between
 * would be in one query's range and not the other's, so a reject (or an event) could be in
 * neither table. Instead the offsets are resolved once, through the admin client, into explicit
 * per-partition offsets, written to {@code <checkpoint>/starting-offsets.json} before any query
 * starts, and the same JSON goes to both. A restart reuses the file, so a query whose checkpoint
 * never got its first batch still starts where the other one did.
 */
final class StartingOffsets {

    static final String FILE_NAME = "starting-offsets.json";
    /** Spark's Kafka source reads -2 in a starting-offsets JSON as the partition's earliest offset. */
    static final long EARLIEST = -2;

    private static final Logger LOG = LoggerFactory.getLogger(StartingOffsets.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private StartingOffsets() {
    }

    /** The {@code startingOffsets} option both queries get. */
    static String forRun(IngestSettings s, List<QueryState> queries, TopicAdmin admin, List<TopicPartition> partitions,
            Configuration conf) {
        Path file = new Path(s.checkpoint(), FILE_NAME);
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (fs.exists(file)) {
                Map<Integer, Long> offsets = read(fs, file, s.topic());
                return sparkJson(s.topic(), withNewPartitions(offsets, partitions));
            }
            long started = queries.stream().filter(QueryState::started).count();
            if (started == queries.size()) {
                // Checkpoints from before this file existed: Spark resumes both and ignores the option.
                return s.startingOffsets();
            }
            if (started > 0) {
                // One query ran before this file existed; where it started is unknown. Its partner's
                // table is empty (CheckpointGuard checked), so earliest loses nothing and duplicates nothing.
                LOG.warn("{} is missing and only some queries have a checkpoint; the others start from the "
                        + "earliest offsets", file);
                return "earliest";
            }
            Map<Integer, Long> offsets = admin.offsets(partitions, "latest".equals(s.startingOffsets()));
            write(fs, file, s, offsets);
            LOG.info("starting offsets ({}) of topic {} resolved to {}, kept in {}", s.startingOffsets(), s.topic(),
                    offsets, file);
            return sparkJson(s.topic(), offsets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Partitions added to the topic after the resolution start at their beginning, as Spark does for new partitions. */
    private static Map<Integer, Long> withNewPartitions(Map<Integer, Long> offsets, List<TopicPartition> partitions) {
        Map<Integer, Long> out = new TreeMap<>(offsets);
        partitions.forEach(tp -> out.putIfAbsent(tp.partition(), EARLIEST));
        return out;
    }

    static String sparkJson(String topic, Map<Integer, Long> offsets) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode parts = root.putObject(topic);
        offsets.forEach((p, o) -> parts.put(Integer.toString(p), o));
        return root.toString();
    }

    private static Map<Integer, Long> read(FileSystem fs, Path file, String topic) throws IOException {
        JsonNode root;
        try (InputStream in = fs.open(file)) {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not readable JSON (" + e.getMessage()
                    + "); it records where this checkpoint's queries started: restore it, or delete it only "
                    + "together with the checkpoint");
        }
        if (!topic.equals(root.path("topic").asText())) {
            throw new InvalidInputException("the checkpoint " + file.getParent() + " belongs to topic '"
                    + root.path("topic").asText() + "', not '" + topic + "': use another --checkpoint for another topic");
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        root.path("offsets").properties().forEach(e -> offsets.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
        return offsets;
    }

    private static void write(FileSystem fs, Path file, IngestSettings s, Map<Integer, Long> offsets)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("topic", s.topic());
        root.put("requested", s.startingOffsets());
        root.put("resolved_at", Instant.now().toString());
        ObjectNode parts = root.putObject("offsets");
        offsets.forEach((p, o) -> parts.put(Integer.toString(p), o));
        // Written aside and renamed, so a crash never leaves half a file that a restart would trust.
        Path tmp = new Path(file.getParent(), "." + FILE_NAME + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = fs.create(tmp, false)) {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(tmp, file)) {
            fs.delete(tmp, false);
            throw new IOException("cannot rename " + tmp + " to " + file);
        }
    }
}
