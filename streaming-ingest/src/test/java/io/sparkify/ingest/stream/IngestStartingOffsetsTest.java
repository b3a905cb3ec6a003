package io.sparkify.ingest.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.ingest.LakeContents;
import io.sparkify.ingest.TestTopic;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both queries start from one resolution of the starting offsets, so with {@code latest} and
 * records arriving while the job starts, each record from the start on is in exactly one table.
 */
@Tag("integration")
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
class IngestStartingOffsetsTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withLatestBothQueriesStartAtTheSameOffsetsAndARestartOfOneReusesThem(SparkSession spark, TestKafka kafka,
            @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "latest", 2);
        topic.send(TestTopic.mixedLines(0, 400, 10));
        int history = topic.sent().size();
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.every(Duration.ofMillis(200))).withStartingOffsets("latest");

        // Records keep arriving while the queries start, each resolving its first batch on its own thread.
        AtomicBoolean producing = new AtomicBoolean(true);
        List<byte[]> trickle = TestTopic.mixedLines(400, 300, 3);
        Thread producer = new Thread(() -> topic.sendUntil(producing::get, trickle, Duration.ofMillis(2)), "trickle");
        producer.start();
        try (IngestRun run = new IngestService(spark, settings).start()) {
            for (StreamingQuery q : run.queries()) {
                awaitProgress(q, 1);
            }
            producing.set(false);
            producer.join();
            for (StreamingQuery q : run.queries()) {
                q.processAllAvailable();
            }
            run.stopGracefully(Duration.ofMinutes(1));
        } finally {
            producing.set(false);
            producer.join();
        }
        Map<Integer, Long> start = persistedStart(settings);
        assertTrue(start.values().stream().mapToLong(Long::longValue).sum() >= history,
                "latest is after the records sent before the start: " + start);
        assertExactlyOnceFrom(spark, lake, topic, start);

        // The quarantine query never got its first batch (checkpoint and table gone, as after a crash
        // right at the start); more records arrive; the restart must start it where events started.
        FileUtils.deleteDirectory(dir.resolve("lake/_checkpoints/ingest/quarantine").toFile());
        FileUtils.deleteDirectory(dir.resolve("lake/quarantine").toFile());
        topic.send(TestTopic.mixedLines(700, 300, 4));
        new IngestService(spark, settings.withTrigger(IngestTrigger.availableNow())).run();
        assertEquals(start, persistedStart(settings), "the restart reuses the first resolution");
        assertExactlyOnceFrom(spark, lake, topic, start);
    }

    @Test
    void whenTheSecondQueryCannotStartTheFirstIsStoppedToo(SparkSession spark, TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TestTopic topic = new TestTopic(kafka, "half-start", 1);
        topic.send(TestTopic.mixedLines(0, 200, 10));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        // A plain file where the quarantine query's checkpoint directory must go.
        Path blocker = dir.resolve("lake/_checkpoints/ingest/quarantine");
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "not a directory");
        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.every(Duration.ofMillis(200)));

        Exception e = assertThrows(Exception.class, () -> new IngestService(spark, settings).start());
        assertTrue(String.valueOf(e.getMessage()).contains("quarantine"), e.toString());
        assertEquals(0, spark.streams().active().length, "no query is left running alone");
    }

    /** Records from the resolved start on are each in exactly one table; none before it is in the lake. */
    private static void assertExactlyOnceFrom(SparkSession spark, LakeLayout lake, TestTopic topic,
            Map<Integer, Long> start) {
        Map<String, Integer> counts = LakeContents.offsetCounts(spark, lake);
        List<String> wrong = new ArrayList<>();
        int expected = 0;
        for (TestTopic.Sent s : topic.sent()) {
            String key = s.partition() + "/" + s.offset();
            boolean afterStart = s.offset() >= start.get(s.partition());
            int n = counts.getOrDefault(key, 0);
            if (afterStart) {
                expected++;
            }
            if (afterStart ? n != 1 : n != 0) {
                wrong.add(key + " x" + n);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " records not exactly once (from the start) or present "
                + "(before it), e.g. " + wrong.subList(0, Math.min(10, wrong.size())));
        assertEquals(expected, counts.size(), "records in the lake that were never sent");
        assertTrue(expected > 0, "records arrived after the start");
    }

    private static Map<Integer, Long> persistedStart(IngestSettings settings) throws Exception {
        Path file = Path.of(java.net.URI.create(settings.checkpoint() + "/" + StartingOffsets.FILE_NAME));
        JsonNode root = JSON.readTree(file.toFile());
        assertEquals(settings.topic(), root.path("topic").asText());
        assertEquals("latest", root.path("requested").asText());
        Map<Integer, Long> out = new TreeMap<>();
        root.path("offsets").properties().forEach(e -> out.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
        return out;
    }

    private static void awaitProgress(StreamingQuery q, long batchId) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (q.lastProgress() == null || q.lastProgress().batchId() < batchId) {
            assertTrue(q.isActive(), "query ended early: " + q.exception());
            assertFalse(System.nanoTime() > deadline, "no batch " + batchId + " within " + PATIENCE);
            Thread.sleep(50);
        }
    }
}
