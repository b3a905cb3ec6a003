package io.sparkify.ingest.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.ingest.LakeContents;
import io.sparkify.ingest.TestTopic;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A restarted ingest resumes where the last one stopped, whether it was stopped or killed. */
@Tag("integration")
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
class IngestRestartTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void aStoppedQueryResumesAndWritesEveryOffsetExactlyOnce(SparkSession spark, TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TestTopic topic = new TestTopic(kafka, "restart-stop", 2);
        topic.send(TestTopic.sampleLines(0, 5_000));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.every(Duration.ofMillis(200))).withMaxOffsetsPerTrigger(1_000);

        try (IngestRun run = new IngestService(spark, settings).start()) {
            StreamingQuery events = run.queries().get(0);
            awaitBatches(events, 2);
            run.stopGracefully(Duration.ofMinutes(1));
            assertTrue(run.queries().stream().noneMatch(StreamingQuery::isActive));
        }
        long firstRun = LakeContents.events(spark, lake).count() + LakeContents.quarantine(spark, lake).count();
        assertTrue(firstRun > 0 && firstRun < 5_000, "stopped mid-stream after " + firstRun + " records");

        topic.send(TestTopic.sampleLines(5_000, 1_000));
        new IngestService(spark, settings.withTrigger(IngestTrigger.availableNow())).run();
        LakeContents.assertExactlyOnce(spark, lake, topic);
    }

    @Test
    void aKilledJvmLeavesNothingDuplicatedOrLostAfterTheRestart(SparkSession spark, TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TestTopic topic = new TestTopic(kafka, "restart-kill", 2);
        topic.send(TestTopic.sampleLines(0, 4_000));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        Path childLog = dir.resolve("child.log");
        Process child = startChildIngest(kafka, topic, lake, childLog);
        try {
            awaitCommittedBatches(dir.resolve("lake/events/_delta_log"), 2, child, childLog);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child JVM gone");
        }
        long beforeRestart = LakeContents.events(spark, lake).count();
        assertTrue(beforeRestart > 0 && beforeRestart < 4_000, "killed mid-stream after " + beforeRestart + " events");

        topic.send(TestTopic.sampleLines(4_000, 1_000));
        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.availableNow()).withMaxOffsetsPerTrigger(4_000);
        new IngestService(spark, settings).run();
        LakeContents.assertExactlyOnce(spark, lake, topic);
    }

    @Test
    void sigtermFinishesTheRunningBatchThenStopsWithExit143AndTheRestartCompletesTheTopic(SparkSession spark,
            TestKafka kafka, @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "restart-term", 2);
        topic.send(TestTopic.sampleLines(0, 6_000));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        Path childLog = dir.resolve("child.log");
        // Batches longer than the trigger interval: the query runs one right after the other.
        Process child = startChildIngest(kafka, topic, lake, childLog, "processing-time=100ms", 1_500);
        Path checkpoint = dir.resolve("lake/_checkpoints/ingest/events");
        long running = awaitRunningBatch(checkpoint, 1, child, childLog);
        child.destroy();
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "child JVM stops on SIGTERM");
        String output = Files.readString(childLog);
        assertEquals(143, child.exitValue(), "128 + SIGTERM after a graceful stop:\n" + output);

        Matcher m = Pattern.compile("ingest-events: micro-batch (\\d+) is running; stopping after it").matcher(output);
        assertTrue(m.find(), "a batch was running at the signal:\n" + output);
        long stoppedAfter = Long.parseLong(m.group(1));
        assertTrue(stoppedAfter >= running, "the batch seen running (" + running + ") or a later one: " + stoppedAfter);
        assertTrue(Files.exists(checkpoint.resolve("commits/" + stoppedAfter)),
                "the batch running at the signal was committed:\n" + output);
        assertEquals(stoppedAfter, QueryState.read("events", lake.events(), checkpoint.toUri().toString(), spark)
                .sinkBatch().orElse(-1), "and its files are in the Delta log, committed with its batch id");
        assertFalse(Files.exists(checkpoint.resolve("commits/" + (stoppedAfter + 1))), "no later batch ran");
        assertTrue(output.contains("stopped ingest-events after batch " + stoppedAfter)
                && output.contains("stopped ingest-quarantine"), output);
        assertFalse(output.contains("interrupting it"), "no batch interrupted at the timeout:\n" + output);

        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.availableNow()).withMaxOffsetsPerTrigger(4_000);
        new IngestService(spark, settings).run();
        LakeContents.assertExactlyOnce(spark, lake, topic);
    }

    /** {@code IngestMain ingest} in its own JVM, with small fast batches. */
    private static Process startChildIngest(TestKafka kafka, TestTopic topic, LakeLayout lake, Path log)
            throws IOException {
        return startChildIngest(kafka, topic, lake, log, "processing-time=1s", 700);
    }

    private static Process startChildIngest(TestKafka kafka, TestTopic topic, LakeLayout lake, Path log,
            String trigger, int maxOffsetsPerTrigger) throws IOException {
        return ChildIngest.start(kafka, topic.name(), lake.root(), log,
                "--trigger", trigger, "--max-offsets-per-trigger", Integer.toString(maxOffsetsPerTrigger));
    }

    private static void awaitBatches(StreamingQuery q, long batches) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (q.lastProgress() == null || q.lastProgress().batchId() + 1 < batches) {
            assertTrue(q.isActive(), "query ended early: " + q.exception());
            assertTrue(System.nanoTime() < deadline, "no " + batches + " batches within " + PATIENCE);
            Thread.sleep(50);
        }
    }

    /**
     * Waits until the child's events query is inside batch N >= {@code atLeast}: its offsets are
     * logged (the batch started) and its commit is not (it has not finished). Returns N.
     */
    private static long awaitRunningBatch(Path checkpoint, long atLeast, Process child, Path childLog)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            long planned = latestId(checkpoint.resolve("offsets"));
            if (planned >= atLeast && !Files.exists(checkpoint.resolve("commits/" + planned))) {
                return planned;
            }
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("child ingest never seen inside batch " + atLeast + "+ (alive="
                        + child.isAlive() + "); its output:\n" + Files.readString(childLog));
            }
            Thread.sleep(2);
        }
    }

    private static long latestId(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .mapToLong(Long::parseLong).max().orElse(-1);
        }
    }

    /** Waits until the Delta log of the child's events table records {@code batches} batches after its creation. */
    private static void awaitCommittedBatches(Path deltaLog, int batches, Process child, Path childLog)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            long committed = 0;
            if (Files.isDirectory(deltaLog)) {
                try (Stream<Path> files = Files.list(deltaLog)) {
                    // Version 0 is the table's creation; each later commit is one micro-batch.
                    committed = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
                            .count() - 1;
                }
            }
            if (committed >= batches) {
                return;
            }
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("child ingest did not commit " + batches + " batches (alive="
                        + child.isAlive() + "); its output:\n" + Files.readString(childLog));
            }
            Thread.sleep(100);
        }
    }

}
