package io.sparkify.ingest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.ingest.LakeContents;
import io.sparkify.ingest.TestTopic;
import io.sparkify.ingest.stream.IngestService;
import io.sparkify.ingest.stream.IngestSettings;
import io.sparkify.ingest.stream.IngestTrigger;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ingest} run through its command line: exit codes and the stop file. */
@Tag("integration")
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
class IngestCliRunTest {

    private record Run(int exit, String out, String err, long millis) {
    }

    private static Run ingest(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CommandRunner.commandLine(new IngestMain(), SparkifyConfig.defaults());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("ingest", "--master", "local[2]"));
        all.addAll(List.of(args));
        long t0 = System.nanoTime();
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString(), (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void anUnknownTopicIsExit2(SparkSession spark, TestKafka kafka, @TempDir Path dir) {
        String topic = kafka.newTopic("missing");
        Run r = ingest("--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--lake", dir.resolve("lake").toUri().toString(), "--trigger", "available-now");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("topic '" + topic + "' does not exist"), r.err());
        assertFalse(Files.exists(dir.resolve("lake/events")), "nothing written");
    }

    @Test
    void unreachableBrokersAreExit3WithinTheConnectTimeout(SparkSession spark, @TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Run r = ingest("--bootstrap-servers", "127.0.0.1:" + closedPort, "--topic", "any",
                "--lake", dir.resolve("lake").toUri().toString(), "--connect-timeout", "3s");
        assertEquals(ExitCodes.UNAVAILABLE, r.exit(), r.err());
        assertTrue(r.err().contains("not reachable within 3 s"), r.err());
        assertTrue(r.millis() < 30_000, "gave up after the connect timeout, not Spark's retries: " + r.millis() + " ms");
    }

    @Test
    void aCheckpointThatDoesNotMatchTheLakeIsExit2(SparkSession spark, TestKafka kafka, @TempDir Path dir) {
        TestTopic topic = new TestTopic(kafka, "cli-guard", 1);
        topic.send(TestTopic.sampleLines(0, 200));
        String lake = dir.resolve("lake").toUri().toString();
        new IngestService(spark, IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake,
                IngestTrigger.availableNow())).run();
        Run r = ingest("--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic.name(), "--lake", lake,
                "--checkpoint", dir.resolve("elsewhere").toUri().toString(), "--trigger", "available-now");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("is new; this run would write the records from its starting offsets again"), r.err());
    }

    @Test
    void theStopFileStopsAfterTheRunningBatchWithExit0AndIsConsumed(SparkSession spark, TestKafka kafka,
            @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "cli-stop", 2);
        topic.send(TestTopic.mixedLines(0, 6_000, 50));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        Path stopFile = dir.resolve("STOP");
        CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> ingest(
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic.name(), "--lake", lake.root(),
                "--trigger", "processing-time=200ms", "--max-offsets-per-trigger", "400",
                "--stop-file", stopFile.toUri().toString()));
        Path sinkLog = dir.resolve("lake/events/_delta_log");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (committedBatches(sinkLog) < 2) {
            assertFalse(running.isDone(), () -> "ingest ended early: " + running.join());
            assertTrue(System.nanoTime() < deadline, "no two batches within 2 minutes");
            Thread.sleep(50);
        }
        Files.writeString(stopFile, "");
        Run r = running.get(2, TimeUnit.MINUTES);

        assertEquals(ExitCodes.OK, r.exit(), r.err());
        assertTrue(r.out().contains("stopped by " + stopFile.toUri().getPath()) || r.out().contains("stopped by file:"),
                r.out());
        assertFalse(Files.exists(stopFile), "the stop file is consumed, so the next run starts normally");
        long first = LakeContents.events(spark, lake).count() + LakeContents.quarantine(spark, lake).count();
        assertTrue(first > 0 && first < topic.sent().size(), "stopped mid-topic after " + first + " records");

        Run rest = ingest("--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic.name(),
                "--lake", lake.root(), "--trigger", "available-now", "--stop-file", stopFile.toUri().toString());
        assertEquals(ExitCodes.OK, rest.exit(), rest.err());
        LakeContents.assertExactlyOnce(spark, lake, topic);
    }

    private static long committedBatches(Path sinkLog) throws Exception {
        if (!Files.isDirectory(sinkLog)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(sinkLog)) {
            // Version 0 is the table's creation; each later commit is one micro-batch.
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json")).count() - 1;
        }
    }
}
