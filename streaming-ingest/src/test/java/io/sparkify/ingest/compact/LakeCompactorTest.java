package io.sparkify.ingest.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.ingest.LakeContents;
import io.sparkify.ingest.TestTopic;
import io.sparkify.ingest.stream.IngestService;
import io.sparkify.ingest.stream.IngestSettings;
import io.sparkify.ingest.stream.IngestTrigger;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
class LakeCompactorTest {

    @Test
    void compactionRewritesADayIntoFewFilesWithoutLosingOrDuplicatingARowWhileReadersRead(
            SparkSession spark, TestKafka kafka, @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "compact", 1);
        topic.send(TestTopic.sampleLines(0, 4_000));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        // Many small micro-batches: one file of the day per batch, the situation compaction is for.
        new IngestService(spark, IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.availableNow()).withMaxOffsetsPerTrigger(250)).run();

        Row busiest = LakeContents.events(spark, lake).groupBy("event_date").count()
                .orderBy(org.apache.spark.sql.functions.col("count").desc()).first();
        LocalDate day = busiest.getDate(0).toLocalDate();
        long dayRows = busiest.getLong(1);
        long totalRows = LakeContents.events(spark, lake).count();
        Path dayDir = dir.resolve("lake/events/event_date=" + day);
        long filesOnDiskBefore = parquetFiles(dayDir);

        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    long n = LakeContents.events(spark, lake).where("event_date = '" + day + "'").count();
                    long all = LakeContents.events(spark, lake).count();
                    if (n != dayRows || all != totalRows) {
                        wrong.add("read " + n + "/" + all + ", expected " + dayRows + "/" + totalRows);
                    }
                    reads.incrementAndGet();
                } catch (RuntimeException e) {
                    wrong.add(e.toString());
                }
            }
        }, "concurrent-reader");
        reader.start();
        List<CompactionResult> results;
        try {
            results = new LakeCompactor(spark, new CompactionSettings(lake, day,
                    CompactionSettings.DEFAULT_TARGET_FILE_BYTES, Duration.ofSeconds(2))).run();
        } finally {
            done.set(true);
            reader.join();
        }

        CompactionResult events = results.get(0);
        assertEquals("events", events.table());
        assertTrue(events.filesBefore() >= 5, "a file per batch before: " + events.filesBefore());
        assertTrue(events.filesAfter() <= events.filesBefore() / 2, events.toString());
        assertTrue(events.rows() > 0 && events.rows() <= dayRows, events.toString());
        assertEquals(dayRows, LakeContents.events(spark, lake).where("event_date = '" + day + "'").count());
        assertEquals(totalRows, LakeContents.events(spark, lake).count());
        LakeContents.assertExactlyOnce(spark, lake, topic);
        assertEquals(events.filesAfter(), parquetFiles(dayDir), "replaced files are deleted after the grace period");
        assertTrue(parquetFiles(dayDir) < filesOnDiskBefore);
        assertTrue(wrong.isEmpty(), "a concurrent reader saw: " + wrong);
        assertTrue(reads.get() >= 2, "the reader ran during compaction: " + reads.get() + " reads");
    }

    private static long parquetFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }
}
