package io.sparkify.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.churn.registry.TrainingLease;
import io.sparkify.demo.DemoMain;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sparkify demo} through the real broker, replay, streaming ingest, training, scoring and
 * report. One run goes end to end, on the 100-user sample with bad and blank lines added: every
 * line of the file is accounted for (events in the lake + quarantined + rejected by the producer +
 * blank), by the summary and by the lake read back independently with Spark SQL. The other cases
 * run on a few hundred lines and stop before training (a lock left in the registry): a failing
 * stage is named with its cause and ends the run; a second run of the same file reuses the topic
 * and the lake without duplicating an event; another file is refused; {@code --fresh} replaces the
 * state. The reuse/refuse decisions themselves are tested without a broker in DemoStateTest.
 */
@Tag("integration")
@ExtendWith(LocalSpark.class)
class DemoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Lines no validation lets through, each with the reason the producer gives. */
    private static final List<String> BAD_LINES = List.of(
            "this is not json",
            "{\"ts\": \"yesterday\", \"sessionId\": 1, \"page\": \"Home\", \"userId\": \"1\"}",
            "[1, 2, 3]",
            "{\"sessionId\": 5, \"page\": \"Home\", \"userId\": \"1\"}");

    @TempDir
    Path tmp;

    /** Output and exit code of one run of the command. */
    private record Run(int exitCode, String stdout, String stderr) {
    }

    /** A copy of a log with bad and blank lines inserted, and where they went (1-based line numbers). */
    private record DirtyLog(Path file, long lines, List<Long> badLineNumbers, long blank) {
    }

    @Test
    void everyLineOfADirtyLogIsAccountedForWhileItStreamsEndToEnd(SparkSession spark)
            throws Exception {
        DirtyLog dirty = dirtyCopy(SampleData.small(), tmp.resolve("dirty.json.gz"));

        // --speedup: the ingest streams while the replay runs (61 days of events in about 5 s).
        Run first = demo("--data", dirty.file().toString(), "--speedup", "1000000");

        assertEquals(0, first.exitCode(), first.stderr());
        JsonNode s1 = JSON.readTree(first.stdout());
        JsonNode in = s1.path("events_in");
        assertFalse(in.path("replay_skipped").asBoolean());
        assertEquals(dirty.lines(), in.path("lines_read").asLong(), "lines counted independently");
        assertEquals(BAD_LINES.size(), in.path("rejected").asLong(), "the validating producer rejects the bad lines");
        assertEquals(dirty.blank(), in.path("blank").asLong());
        assertEquals(dirty.badLineNumbers(), rejectedLineNumbers(Path.of(in.path("rejects_file").asText())),
                "the rejects file names each bad line");
        long events = count(spark, "events");
        long quarantined = count(spark, "quarantine");
        assertEquals(SampleData.SMALL_LINES, events, "every good line is an event in the lake, once");
        assertEquals(events, s1.path("lake_events").asLong(), "summary events = rows in <lake>/events");
        assertEquals(quarantined, s1.path("quarantined").asLong(), "summary quarantined = rows in <lake>/quarantine");
        assertEquals(dirty.lines(), events + quarantined + BAD_LINES.size() + dirty.blank(),
                "lines = events + quarantined + rejected + blank, from the lake");
        assertAccounted(s1, dirty.lines());
        assertTrue(first.stdout().contains("\"unaccounted\":0"), first.stdout());

        JsonNode champion = s1.path("champion");
        assertTrue(champion.path("version").asText().length() > 0, s1.toString());
        double auc = champion.path("metrics").path("auc_roc").asDouble();
        assertTrue(auc > 0 && auc <= 1, "champion AUC-ROC " + auc);
        assertTrue(s1.path("training").path("promoted").asBoolean(), "the first model of an empty registry is promoted");
        assertEquals(5, s1.path("top_at_risk").size());
        for (JsonNode u : s1.path("top_at_risk")) {
            double p = u.path("churn_probability").asDouble();
            assertTrue(p >= 0 && p <= 1, u.toString());
        }
        assertTrue(s1.path("scored_users").asLong() > 0);
        Path report = Path.of(s1.path("report").asText());
        assertTrue(Files.size(report) > 10_000, "report written: " + report);
        assertTrue(Files.readString(report, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("<html"), "an HTML page");
        assertTrue(first.stderr().contains("event time; the ingest streams it"), "the --speedup path: " + first.stderr());
        for (String stage : List.of("broker", "replay", "ingest", "train", "score", "report")) {
            assertTrue(first.stderr().contains("/6] " + stage + " ok "), "progress line of " + stage);
        }

        // The second run's reuse of this state is asserted on a tiny file below and in DemoStateTest
        // (same counts, no event twice); that a new training registers a new version, in PromotionTest.
    }

    @Test
    void aLogThatCannotBeReadToItsEndFailsTheReplayStage() throws Exception {
        Path whole = tmp.resolve("whole.json.gz");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(whole))) {
            for (String line : firstLines(SampleData.small(), 2_000)) {
                gz.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(tmp.resolve("truncated.json.gz"), Arrays.copyOf(bytes, bytes.length * 2 / 3));

        Run failed = demo("--data", truncated.toString());

        assertEquals(ExitCodes.FAILURE, failed.exitCode(), failed.stderr());
        assertTrue(failed.stderr().contains("demo failed at stage 2/6 (replay): " + truncated), failed.stderr());
        assertTrue(failed.stderr().contains("events were sent before it"), failed.stderr());
        assertFalse(failed.stderr().contains("[3/6]"), "no ingest of a partial file: " + failed.stderr());
    }

    @Test
    void aFailingStageEndsTheRunASecondRunReusesTheStateAnotherFileIsRefusedAndFreshReplacesIt(SparkSession spark)
            throws Exception {
        Path first = tmp.resolve("first.json");
        Path other = tmp.resolve("other.json");
        List<String> head = firstLines(SampleData.small(), 200);
        Files.write(first, head);
        List<String> otherLines = new ArrayList<>(head.subList(0, 100));
        otherLines.add(50, BAD_LINES.get(0));
        otherLines.add(75, "");
        Files.write(other, otherLines);
        // A training run that holds the registry's lease (renewed every second): the train stage
        // must fail on it, after the replay and ingest into the demo's broker and lake that a first
        // run leaves behind. (A lease left by a dead run is taken over instead: TrainingLeaseTest.)
        TrainingLease live = TrainingLease.acquire(FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(models().resolve(ModelRegistry.LOCK_FILE).toUri()), Duration.ofSeconds(3));

        Run failed = demo("--data", first.toString());

        assertEquals(ExitCodes.LOCKED, failed.exitCode(), failed.stderr());
        assertTrue(failed.stderr().contains("demo failed at stage 4/6 (train): another training run holds"), failed.stderr());
        assertTrue(failed.stderr().contains("[4/6] train FAILED after "), failed.stderr());
        assertTrue(failed.stderr().contains("[3/6] ingest ok "), "the stages before it ran: " + failed.stderr());
        assertFalse(failed.stderr().contains("[5/6]"), "no stage after the failed one: " + failed.stderr());
        assertEquals("", failed.stdout(), "no summary for a failed run");
        assertEquals(200, count(spark, "events"));

        Run again = demo("--data", first.toString());

        assertEquals(ExitCodes.LOCKED, again.exitCode(), again.stderr());
        assertTrue(again.stderr().contains("[2/6] replay ok ") && again.stderr().contains(
                "skipped: the topic already holds the 200 records of the previous run's replay (200 lines: 0 rejected, 0 blank)"),
                "the topic already holds the file: " + again.stderr());
        assertTrue(again.stderr().contains("[3/6] ingest ok "), again.stderr());
        assertEquals(200, count(spark, "events"), "no event ingested twice");

        Run refused = demo("--data", other.toString());

        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("--fresh"), refused.stderr());

        // --raw: nothing is validated before Kafka, so the bad line reaches the lake's quarantine.
        Run fresh = demo("--data", other.toString(), "--fresh", "--raw");

        assertTrue(fresh.stderr().contains("fresh: removed "), fresh.stderr());
        assertTrue(fresh.stderr().contains("[3/6] ingest ok "), fresh.stderr());
        long events = count(spark, "events");
        long quarantined = count(spark, "quarantine");
        assertEquals(100, events, "the lake holds the new file only: " + fresh.stderr());
        assertTrue(quarantined >= 1, "the bad line is quarantined");
        assertTrue(fresh.stderr().contains(String.format(Locale.ROOT, "%,d lines = %,d events in the lake + %,d quarantined",
                otherLines.size(), events, quarantined)), "the ingest stage accounts for every line: " + fresh.stderr());
        assertFalse(Files.exists(models().resolve(ModelRegistry.LOCK_FILE)), "--fresh replaced the model registry too");
        assertThrows(IOException.class, live::close, "the live holder learns its lease was removed by --fresh");
    }

    /** The summary's accounting closes on the file's line count and agrees with its other fields. */
    private static void assertAccounted(JsonNode summary, long lines) {
        JsonNode a = summary.path("accounting");
        JsonNode in = summary.path("events_in");
        assertEquals(lines, a.path("lines").asLong(), a.toString());
        assertEquals(summary.path("lake_events").asLong(), a.path("lake_events").asLong());
        assertEquals(summary.path("quarantined").asLong(), a.path("quarantined").asLong());
        assertEquals(in.path("rejected").asLong(), a.path("rejected").asLong());
        assertEquals(in.path("blank").asLong(), a.path("blank").asLong());
        assertEquals(in.path("rejects_file").asText(), a.path("rejects_file").asText());
        assertEquals(lines, a.path("lake_events").asLong() + a.path("quarantined").asLong() + a.path("rejected").asLong()
                + a.path("blank").asLong(), a.toString());
        assertEquals(0, a.path("unaccounted").asLong());
    }

    /** Rows of a lake table by Spark SQL over the table's path; a table that never got a row has no file yet. */
    private long count(SparkSession spark, String table) throws Exception {
        Path dir = lake().resolve(table);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            if (files.noneMatch(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_spark_metadata"))) {
                return 0;
            }
        }
        return spark.sql("SELECT count(*) FROM parquet.`" + dir.toUri() + "`").first().getLong(0);
    }

    /**
     * Writes {@code source} to {@code target} (gzipped) with the bad lines spread through it and
     * two blank lines, counting the lines independently of the code under test.
     */
    private static DirtyLog dirtyCopy(Path source, Path target) throws Exception {
        Map<Long, String> insertAfter = new TreeMap<>(Map.of(
                10L, BAD_LINES.get(0), 1_000L, "", 5_000L, BAD_LINES.get(1), 20_000L, "   ", 70_000L, BAD_LINES.get(2),
                SampleData.SMALL_LINES, BAD_LINES.get(3)));
        List<Long> bad = new ArrayList<>();
        long written = 0;
        long blank = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(source)), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(target)), StandardCharsets.UTF_8)) {
            long read = 0;
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                written++;
                String extra = insertAfter.get(++read);
                if (extra != null) {
                    out.write(extra);
                    out.write('\n');
                    written++;
                    if (extra.isBlank()) {
                        blank++;
                    } else {
                        bad.add(written);
                    }
                }
            }
        }
        return new DirtyLog(target, written, bad, blank);
    }

    /** The line numbers in the producer's rejects file (first tab-separated column). */
    private static List<Long> rejectedLineNumbers(Path rejects) throws Exception {
        return Files.readAllLines(rejects, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && Character.isDigit(l.charAt(0)))
                .map(l -> Long.parseLong(l.substring(0, l.indexOf('\t'))))
                .toList();
    }

    private Path lake() {
        return tmp.resolve("lake");
    }

    private Path models() {
        return tmp.resolve("models");
    }

    private Run demo(String... extra) {
        List<String> args = new ArrayList<>(List.of("demo", "--json", "--quick", "--master", "local[2]",
                "--work-dir", tmp.resolve("work").toString(), "--lake", lake().toString(),
                "--models", models().toString(), "--report", tmp.resolve("report.html").toString()));
        args.addAll(List.of(extra));
        CommandLine cl = CommandRunner.commandLine(new DemoMain(), SparkifyConfig.defaults());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args.toArray(String[]::new));
        System.err.println(err); // the stages' progress, kept in the test's output file
        return new Run(code, out.toString(), err.toString());
    }

    private static List<String> firstLines(Path gz, int n) throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            String line;
            while (out.size() < n && (line = in.readLine()) != null) {
                out.add(line);
            }
        }
        return out;
    }
}
