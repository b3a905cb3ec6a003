package io.sparkify.ingest.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.ingest.LakeContents;
import io.sparkify.ingest.TestTopic;
import io.sparkify.ingest.cli.IngestMain;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A restarted ingest resumes where the last one stopped, whether it was stopped or killed. */
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
class IngestRestartTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void aStoppedQueryResumesAndWritesEveryOffsetExactlyOnce(SparkSession spark, TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TestTopic topic = new TestTopic(kafka, "restart-stop", 2);
        topic.send(TestTopic.sampleLines(0, 6_000));
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
        assertTrue(firstRun > 0 && firstRun < 6_000, "stopped mid-stream after " + firstRun + " records");

        topic.send(TestTopic.sampleLines(6_000, 3_000));
        new IngestService(spark, settings.withTrigger(IngestTrigger.availableNow())).run();
        LakeContents.assertExactlyOnce(spark, lake, topic);
    }

    @Test
    void aKilledJvmLeavesNothingDuplicatedOrLostAfterTheRestart(SparkSession spark, TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TestTopic topic = new TestTopic(kafka, "restart-kill", 2);
        topic.send(TestTopic.sampleLines(0, 8_000));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        Path childLog = dir.resolve("child.log");
        Process child = startChildIngest(kafka, topic, lake, childLog);
        try {
            awaitCommittedBatches(dir.resolve("lake/events/_spark_metadata"), 2, child, childLog);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child JVM gone");
        }
        long beforeRestart = LakeContents.events(spark, lake).count();
        assertTrue(beforeRestart > 0 && beforeRestart < 8_000, "killed mid-stream after " + beforeRestart + " events");

        topic.send(TestTopic.sampleLines(8_000, 2_000));
        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.availableNow()).withMaxOffsetsPerTrigger(4_000);
        new IngestService(spark, settings).run();
        LakeContents.assertExactlyOnce(spark, lake, topic);
    }

    @Test
    void sigtermFinishesTheRunningBatchThenStopsAndTheRestartCompletesTheTopic(SparkSession spark, TestKafka kafka,
            @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "restart-term", 2);
        topic.send(TestTopic.sampleLines(0, 8_000));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        Path childLog = dir.resolve("child.log");
        Process child = startChildIngest(kafka, topic, lake, childLog);
        awaitCommittedBatches(dir.resolve("lake/events/_spark_metadata"), 1, child, childLog);
        child.destroy();
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "child JVM stops on SIGTERM");
        String output = Files.readString(childLog);
        assertTrue(output.contains("stopped ingest-events after batch") && output.contains("stopped ingest-quarantine"), output);
        assertTrue(!output.contains("interrupting it"), "no batch interrupted at the timeout:\n" + output);

        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.availableNow()).withMaxOffsetsPerTrigger(4_000);
        new IngestService(spark, settings).run();
        LakeContents.assertExactlyOnce(spark, lake, topic);
    }

    /** {@code IngestMain ingest} in its own JVM, as the launcher runs it, with small fast batches. */
    private static Process startChildIngest(TestKafka kafka, TestTopic topic, LakeLayout lake, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-modules") || arg.startsWith("-Dio.netty")
                    || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Dlog4j2.configurationFile=" + SampleData.projectDir().resolve("conf/log4j2.properties"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(IngestMain.class.getName());
        cmd.addAll(List.of("ingest", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic.name(),
                "--lake", lake.root(), "--trigger", "processing-time=1s", "--max-offsets-per-trigger", "700",
                "--master", "local[2]"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARKIFY_CONF", writeEmptyConf(log.getParent()).toString());
        return pb.start();
    }

    private static Path writeEmptyConf(Path dir) throws IOException {
        return Files.writeString(dir.resolve("sparkify.properties"), "# defaults only\n");
    }

    private static void awaitBatches(StreamingQuery q, long batches) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (q.lastProgress() == null || q.lastProgress().batchId() + 1 < batches) {
            assertTrue(q.isActive(), "query ended early: " + q.exception());
            assertTrue(System.nanoTime() < deadline, "no " + batches + " batches within " + PATIENCE);
            Thread.sleep(50);
        }
    }

    /** Waits until the sink log of the child's events query records {@code batches} batches. */
    private static void awaitCommittedBatches(Path sinkLog, int batches, Process child, Path childLog)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            long committed = 0;
            if (Files.isDirectory(sinkLog)) {
                try (Stream<Path> files = Files.list(sinkLog)) {
                    committed = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).count();
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
