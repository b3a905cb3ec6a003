package io.sparkify.ingest.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.ingest.LakeContents;
import io.sparkify.ingest.TestTopic;
import io.sparkify.ingest.cli.IngestMain;
import io.sparkify.ingest.stream.IngestService;
import io.sparkify.ingest.stream.IngestSettings;
import io.sparkify.ingest.stream.IngestTrigger;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Tag("integration")
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
class LakeCompactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A lake written in many small micro-batches: one file of the day per batch, what compaction is for. */
    private static LakeLayout smallBatchLake(SparkSession spark, TestKafka kafka, Path dir, TestTopic topic,
            int skip, int records, int perBatch) {
        topic.send(TestTopic.sampleLines(skip, records));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        new IngestService(spark, IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.availableNow()).withMaxOffsetsPerTrigger(perBatch)).run();
        return lake;
    }

    private static Row busiestDay(SparkSession spark, LakeLayout lake) {
        return LakeContents.events(spark, lake).groupBy("event_date").count()
                .orderBy(functions.col("count").desc()).first();
    }

    @Test
    void compactionMergesWhatOneLogFileListsAndReportsTheFilesOfLaterBatchesWhileReadersRead(
            SparkSession spark, TestKafka kafka, @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "compact", 1);
        // 15 batches: the stream's log compaction at batch 9 lists batches 0-9, batches 10-14 are plain
        // log files; 2018-10-03 starts in batch 7.
        LakeLayout lake = smallBatchLake(spark, kafka, dir, topic, 1_000, 3_000, 200);
        Path sinkLog = dir.resolve("lake/events/_spark_metadata");
        // The day with files on both sides of the log compaction.
        LocalDate day = null;
        for (Row r : LakeContents.events(spark, lake).select("event_date").distinct().collectAsList()) {
            LocalDate d = r.getDate(0).toLocalDate();
            if (dayFilesListedIn(sinkLog, d, true) >= 2 && dayFilesListedIn(sinkLog, d, false) >= 2) {
                day = d;
            }
        }
        assertTrue(day != null, "a day with files in the log compaction and in two later batches");
        long dayRows = LakeContents.events(spark, lake).where("event_date = '" + day + "'").count();
        long totalRows = LakeContents.events(spark, lake).count();
        Path dayDir = dir.resolve("lake/events/event_date=" + day);
        long filesOnDiskBefore = parquetFiles(dayDir);
        long inPlainLogFiles = dayFilesListedIn(sinkLog, day, false);
        LocalDate readDay = day;

        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    long n = LakeContents.events(spark, lake).where("event_date = '" + readDay + "'").count();
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
        assertEquals(inPlainLogFiles, events.filesLeft(), events.toString());
        assertEquals(1 + inPlainLogFiles, events.filesAfter(), "the log-compacted ones became one file: " + events);
        assertTrue(events.note().contains(inPlainLogFiles + " files left, each the only file of the day in its "
                + "sink-log batch file") && events.note().contains("log compaction at batch 9")
                && events.note().contains("next log compaction (batch 19") && events.note().contains("run compact again"),
                events.note());
        assertTrue(events.rows() > 0 && events.rows() <= dayRows, events.toString());
        assertEquals(dayRows, LakeContents.events(spark, lake).where("event_date = '" + day + "'").count());
        assertEquals(totalRows, LakeContents.events(spark, lake).count());
        LakeContents.assertExactlyOnce(spark, lake, topic);
        assertEquals(events.filesAfter(), parquetFiles(dayDir), "replaced files are deleted after the grace period");
        assertTrue(parquetFiles(dayDir) < filesOnDiskBefore);
        assertTrue(wrong.isEmpty(), "a concurrent reader saw: " + wrong);
        assertTrue(reads.get() >= 2, "the reader ran during compaction: " + reads.get() + " reads");
    }

    @Test
    void rightAfterTheStreamsLogCompactionTheWholeDayBecomesOneFileAndALockMeansExit4(
            SparkSession spark, TestKafka kafka, @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "compact-fresh", 1);
        // Exactly 10 batches: the newest log file is 9.compact, listing every file.
        LakeLayout lake = smallBatchLake(spark, kafka, dir, topic, 0, 2_500, 250);
        assertTrue(Files.exists(dir.resolve("lake/events/_spark_metadata/9.compact")));
        LocalDate day = busiestDay(spark, lake).getDate(0).toLocalDate();
        Path dayDir = dir.resolve("lake/events/event_date=" + day);
        long before = parquetFiles(dayDir);
        assertTrue(before >= 5, "a file per batch: " + before);

        Path lock = dir.resolve("lake/_compaction/events.lock");
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "");
        Run locked = compact(lake, day, "--grace", "1s");
        assertEquals(ExitCodes.LOCKED, locked.exit(), locked.err());
        assertTrue(locked.err().contains("another compaction of") && locked.err().contains("events.lock exists"),
                locked.err());
        assertEquals(before, parquetFiles(dayDir), "a locked run changes nothing");
        Files.delete(lock);

        Run run = compact(lake, day, "--grace", "1s", "--json");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        JsonNode events = JSON.readTree(run.out()).path("tables").get(0);
        assertEquals("events", events.path("table").asText());
        assertEquals(before, events.path("files_before").asLong());
        assertEquals(1, events.path("files_after").asLong(), run.out());
        assertEquals(0, events.path("files_left").asLong());
        assertEquals("", events.path("note").asText());
        assertEquals(1, parquetFiles(dayDir));
        assertFalse(Files.exists(lock), "the lock is released");
        LakeContents.assertExactlyOnce(spark, lake, topic);

        Run again = compact(lake, day, "--grace", "1s");
        assertEquals(ExitCodes.OK, again.exit());
        assertTrue(again.out().contains("compact events " + day + ": 1 files -> 1 (0 rows rewritten)"), again.out());
    }

    @Test
    void whenTheStreamsLogCompactionWritesTheOldListBackTheNewFilesGoAndNothingChanges(
            SparkSession spark, TestKafka kafka, @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "compact-undo", 1);
        LakeLayout lake = smallBatchLake(spark, kafka, dir, topic, 0, 2_500, 250);
        LocalDate day = busiestDay(spark, lake).getDate(0).toLocalDate();
        Path dayDir = dir.resolve("lake/events/event_date=" + day);
        long before = parquetFiles(dayDir);
        assertTrue(before >= 2, "files to merge: " + before);
        Path sinkLog = dir.resolve("lake/events/_spark_metadata");
        List<String> oldEntries = new ArrayList<>(Files.readAllLines(sinkLog.resolve("9.compact")));
        oldEntries.remove(0);

        CompletableFuture<List<CompactionResult>> running = CompletableFuture.supplyAsync(() -> new LakeCompactor(spark,
                new CompactionSettings(lake, day, CompactionSettings.DEFAULT_TARGET_FILE_BYTES, Duration.ofSeconds(4))).run());
        // As the running stream would: its log compaction (batch 19) read 9.compact just before the switch.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.readString(sinkLog.resolve("9.compact")).contains("-compacted-")) {
            assertFalse(running.isDone(), () -> "compaction ended before its switch: " + running.join());
            assertTrue(System.nanoTime() < deadline, "no switch within 2 minutes");
            Thread.sleep(20);
        }
        Path tmp = sinkLog.resolve(".19.compact.tmp");
        Files.writeString(tmp, "v1\n" + String.join("\n", oldEntries));
        Files.move(tmp, sinkLog.resolve("19.compact"), StandardCopyOption.ATOMIC_MOVE);
        CompactionResult events = running.get(2, TimeUnit.MINUTES).get(0);

        assertEquals(before, events.filesBefore());
        assertEquals(before, events.filesAfter(), events.toString());
        assertEquals(0, events.rows());
        assertEquals(before, events.filesLeft());
        assertTrue(events.note().contains("run compact again"), events.note());
        assertEquals(before, parquetFiles(dayDir), "the new files are deleted, the old ones kept");
        LakeContents.assertExactlyOnce(spark, lake, topic);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run compact(LakeLayout lake, LocalDate day, String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CommandRunner.commandLine(new IngestMain(), SparkifyConfig.defaults());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("compact", "--lake", lake.root(), "--date", day.toString(),
                "--master", "local[2]"));
        args.addAll(List.of(more));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * Files of the day listed by the newest {@code .compact} sink-log file ({@code compacted}) or by
     * the plain sink-log files after it (not {@code compacted}).
     */
    private static long dayFilesListedIn(Path sinkLog, LocalDate day, boolean compacted) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(sinkLog)) {
            files = s.filter(p -> p.getFileName().toString().matches("\\d+(\\.compact)?")).toList();
        }
        long newestCompact = files.stream().map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".compact"))
                .mapToLong(n -> Long.parseLong(n.replace(".compact", ""))).max().orElse(-1);
        long count = 0;
        for (Path p : files) {
            String n = p.getFileName().toString();
            long id = Long.parseLong(n.replace(".compact", ""));
            boolean counted = compacted ? id == newestCompact : id > newestCompact;
            if (counted) {
                count += Files.readAllLines(p).stream().filter(l -> l.contains("event_date=" + day + "/")).count();
            }
        }
        return count;
    }

    private static long parquetFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }
}
