package io.sparkify.ingest.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.ingest.KernelLake;
import io.sparkify.ingest.TestTopic;
import io.sparkify.ingest.maintenance.LakeVacuum;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake is exactly once for every reader of the Delta log, not only for Spark: an ingest JVM
 * killed (SIGKILL) while its micro-batch writes files, then restarted, leaves a table that Delta
 * Kernel reads with every Kafka record exactly once. The killed batch's files stay on disk in no
 * version, and vacuum deletes them.
 */
@Tag("integration")
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
class KilledBatchOrphansTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void aKilledBatchsFilesAreInNoVersionTheRestartIsExactlyOnceForKernelAndVacuumRemovesThem(SparkSession spark,
            TestKafka kafka, @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "kill-delta", 2);
        topic.send(TestTopic.mixedLines(0, 5_000, 50));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path events = dir.resolve("lake/events");
        Path childLog = dir.resolve("child.log");
        Process child = startChildIngest(kafka, topic, lake, childLog);
        Set<String> uncommitted;
        try {
            uncommitted = awaitUncommittedFiles(events, lake, conf, child, childLog);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child JVM gone");
        }
        KernelLake.Contents atKill = KernelLake.read(conf, lake.events());
        assertTrue(atKill.coordinates().size() < 5_000, "killed mid-topic");

        topic.send(TestTopic.mixedLines(5_000, 1_000, 50));
        new IngestService(spark, IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.availableNow()).withMaxOffsetsPerTrigger(5_000)).run();

        KernelLake.Contents ev = KernelLake.read(conf, lake.events());
        KernelLake.Contents q = KernelLake.read(conf, lake.quarantine());
        List<String> all = new ArrayList<>(ev.coordinates());
        all.addAll(q.coordinates());
        Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(c -> c, HashMap::new, Collectors.counting()));
        Set<String> sent = topic.sent().stream().map(s -> s.partition() + "/" + s.offset()).collect(Collectors.toSet());
        assertEquals(Map.of(), counts.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "coordinates not exactly once");
        assertEquals(sent, counts.keySet(), "Kernel reads exactly the records sent");

        // The files the killed batch wrote are in no version of the table, so no reader of the log sees them.
        Set<String> inSomeVersion = new HashSet<>();
        for (long v = 0; v <= ev.version(); v++) {
            inSomeVersion.addAll(KernelLake.files(conf, lake.events(), v));
        }
        Set<String> orphans = new HashSet<>(dataFiles(events));
        orphans.removeAll(inSomeVersion);
        assertFalse(orphans.isEmpty(), "the killed batch left files on disk");
        assertTrue(orphans.containsAll(uncommitted.stream().filter(f -> Files.exists(Path.of(f))).toList()),
                "the files seen uncommitted at the kill are orphans: " + uncommitted + " vs " + orphans);

        // vacuum past the retention (here: none) deletes them, and nothing any reader needs.
        new LakeVacuum(spark.newSession()).run(lake, 0.0, true);
        Set<String> left = new HashSet<>(dataFiles(events));
        left.retainAll(orphans);
        assertEquals(Set.of(), left, "vacuum deleted the orphans");
        KernelLake.Contents after = KernelLake.read(conf, lake.events());
        assertEquals(ev.coordinates().size(), after.coordinates().size(), "and no committed row");
    }

    /** Waits until the child has written data files that the latest version does not hold (a batch in flight). */
    private static Set<String> awaitUncommittedFiles(Path events, LakeLayout lake, Configuration conf, Process child,
            Path childLog) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            if (Files.exists(events.resolve("_delta_log/00000000000000000000.json"))) {
                Set<String> onDisk = dataFiles(events);
                Set<String> committed = KernelLake.files(conf, lake.events(), -1);
                onDisk.removeAll(committed);
                if (!onDisk.isEmpty() && !committed.isEmpty()) {
                    return onDisk;
                }
            }
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("child ingest never seen writing an uncommitted batch (alive="
                        + child.isAlive() + "); its output:\n" + Files.readString(childLog));
            }
            Thread.sleep(20);
        }
    }

    private static Set<String> dataFiles(Path table) throws Exception {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.toString().contains("/_delta_log/"))
                    .map(Path::toString).collect(Collectors.toCollection(HashSet::new));
        }
    }

    /** {@code IngestMain ingest} in its own JVM, with batches of many small files. */
    private static Process startChildIngest(TestKafka kafka, TestTopic topic, LakeLayout lake, Path log)
            throws Exception {
        // Small files (--max-records-per-file) make a batch write for a while before its commit. The kill
        // comes in batch 1 (the first after a commit), so a small batch 0 reaches it sooner; 5,000 records
        // still leave several batches in which to catch one writing.
        return ChildIngest.start(kafka, topic.name(), lake.root(), log, "--trigger", "processing-time=500ms",
                "--max-offsets-per-trigger", "1000", "--max-records-per-file", "50");
    }
}
