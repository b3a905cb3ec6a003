package io.sparkify.ingest.compact;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.ingest.KernelLake;
import io.sparkify.ingest.LakeContents;
import io.sparkify.ingest.TestTopic;
import io.sparkify.ingest.stream.IngestRun;
import io.sparkify.ingest.stream.IngestService;
import io.sparkify.ingest.stream.IngestSettings;
import io.sparkify.ingest.stream.IngestTrigger;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compact} (Delta OPTIMIZE) while the streaming ingest writes: the compaction's version
 * holds the same rows and Kafka coordinates as the version before it, in fewer files per day; a
 * reader pinned to the earlier version still reads it; the stream goes on exactly once.
 */
@Tag("integration")
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
class CompactWhileIngestingTest {

    @Test
    void optimizeDuringTheStreamKeepsRowsAndCoordinatesInFewerFilesAndOldVersionsReadable(SparkSession spark,
            TestKafka kafka, @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "compact-live", 2);
        topic.send(TestTopic.mixedLines(0, 12_000, 40));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.every(Duration.ofMillis(300))).withMaxOffsetsPerTrigger(600);

        List<CompactionResult> results;
        try (IngestRun run = new IngestService(spark, settings).start()) {
            StreamingQuery events = run.queries().get(0);
            // Three committed batches of 600 already give the first days more than one file each (asserted
            // below: there was something to compact); more batches before the compaction only cost time.
            while (events.lastProgress() == null || events.lastProgress().batchId() < 2) {
                assertTrue(events.isActive(), "query ended early: " + events.exception());
                Thread.sleep(50);
            }
            results = new LakeCompactor(spark.newSession(), CompactionSettings.all(lake)).run();
            assertTrue(run.queries().stream().allMatch(StreamingQuery::isActive), "the stream kept running");
            long afterCompaction = events.lastProgress().batchId();
            while (events.lastProgress().batchId() < afterCompaction + 2) {
                assertTrue(events.isActive(), "query failed after the compaction: " + events.exception());
                Thread.sleep(50);
            }
            run.stopGracefully(Duration.ofMinutes(1));
        }

        CompactionResult ev = results.get(0);
        assertEquals("events", ev.table());
        assertTrue(ev.filesRemoved() > ev.filesAdded() && ev.filesAdded() > 0, ev.toString());
        assertTrue(ev.versionAfter() > ev.versionBefore(), ev.toString());
        long compacted = ev.versionAfter();
        // OPTIMIZE changes no data: its version and the one before hold the same rows, per Spark and per Kernel.
        assertEquals(coordinates(spark, lake, compacted - 1), coordinates(spark, lake, compacted));
        var conf = spark.sparkContext().hadoopConfiguration();
        List<String> kernelBefore = KernelLake.read(conf, lake.events(), compacted - 1).coordinates();
        List<String> kernelAfter = KernelLake.read(conf, lake.events(), compacted).coordinates();
        assertEquals(kernelBefore.stream().sorted().toList(), kernelAfter.stream().sorted().toList());
        // Fewer files per day: the days' files at the compaction's start became one file each; only files the
        // stream committed meanwhile (after the version the compaction read) are beside it.
        Map<String, Set<String>> atStart = filesPerDay(spark, lake, ev.versionBefore());
        Map<String, Set<String>> before = filesPerDay(spark, lake, compacted - 1);
        Map<String, Set<String>> after = filesPerDay(spark, lake, compacted);
        assertEquals(before.keySet(), after.keySet());
        int totalBefore = 0;
        int totalAfter = 0;
        for (String day : after.keySet()) {
            Set<String> streamedMeanwhile = new HashSet<>(before.get(day));
            streamedMeanwhile.removeAll(atStart.getOrDefault(day, Set.of()));
            int compactedFiles = after.get(day).size() - (int) after.get(day).stream().filter(streamedMeanwhile::contains).count();
            assertTrue(compactedFiles <= 1, day + ": " + before.get(day).size() + " files -> " + after.get(day).size()
                    + " of which " + streamedMeanwhile.size() + " streamed during the compaction");
            totalBefore += before.get(day).size();
            totalAfter += after.get(day).size();
        }
        assertTrue(totalAfter < totalBefore, totalBefore + " files -> " + totalAfter);
        assertTrue(atStart.values().stream().anyMatch(f -> f.size() > 1), "there was something to compact: " + atStart);
        // A reader pinned to the version the compaction started from still reads it (its files are not vacuumed).
        assertEquals(KernelLake.read(conf, lake.events(), ev.versionBefore()).coordinates().size(),
                spark.read().format("delta").option("versionAsOf", ev.versionBefore()).load(lake.events()).count());

        // The rest of the topic in one batch: the small batches above were for the compaction to race against.
        new IngestService(spark, settings.withTrigger(IngestTrigger.availableNow()).withMaxOffsetsPerTrigger(20_000)).run();
        LakeContents.assertExactlyOnce(spark, lake, topic);
    }

    private static List<String> coordinates(SparkSession spark, LakeLayout lake, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(lake.events())
                .select(col(LakeLayout.KAFKA_PARTITION), col(LakeLayout.KAFKA_OFFSET))
                .orderBy(LakeLayout.KAFKA_PARTITION, LakeLayout.KAFKA_OFFSET).collectAsList().stream()
                .map(r -> r.getInt(0) + "/" + r.getLong(1)).toList();
    }

    private static Map<String, Set<String>> filesPerDay(SparkSession spark, LakeLayout lake, long version) {
        Dataset<Row> files = spark.read().format("delta").option("versionAsOf", version).load(lake.events())
                .select(col(LakeLayout.EVENT_DATE), input_file_name().as("file")).distinct();
        Map<String, Set<String>> out = new TreeMap<>();
        files.collectAsList().forEach(r -> out.computeIfAbsent(r.get(0).toString(), d -> new HashSet<>()).add(r.getString(1)));
        return out;
    }
}
