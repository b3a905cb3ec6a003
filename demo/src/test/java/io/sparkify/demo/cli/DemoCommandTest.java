package io.sparkify.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.demo.DemoMain;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sparkify demo} end to end on the 100-user sample, through the real broker, replay,
 * streaming ingest, training, scoring and report: the summary's numbers agree with the lake
 * (read back independently with Spark) and with the file (counted independently), and a second
 * run reuses the first one's state without duplicating a single event.
 */
@ExtendWith(LocalSpark.class)
class DemoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Output and exit code of one run of the command. */
    private record Run(int exitCode, String stdout, String stderr) {
    }

    @Test
    void runsTheWholePipelineAndItsSummaryAgreesWithTheLakeThenASecondRunReusesTheState(SparkSession spark)
            throws Exception {
        Path data = SampleData.small();
        long lines = countLines(data);

        Run first = demo("--data", data.toString());

        assertEquals(0, first.exitCode(), first.stderr());
        JsonNode s1 = JSON.readTree(first.stdout());
        assertEquals(SampleData.SMALL_LINES, lines);
        assertEquals(lines, s1.path("events_in").path("lines_read").asLong());
        assertFalse(s1.path("events_in").path("replay_skipped").asBoolean());
        long events = spark.read().parquet(lake() + "/events").count();
        long quarantined = quarantineRows(spark);
        assertEquals(events, s1.path("lake_events").asLong(), "summary events = rows in <lake>/events");
        assertEquals(quarantined, s1.path("quarantined").asLong(), "summary quarantined = rows in <lake>/quarantine");
        assertEquals(lines, events + quarantined, "every line of the file is in the lake, once");
        assertEquals(lines, s1.path("events_in").path("topic_records").asLong());

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
        assertTrue(Files.readString(report, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT).contains("<html"), "an HTML page");
        for (String stage : List.of("broker", "replay", "ingest", "train", "score", "report")) {
            assertTrue(first.stderr().contains("/6] " + stage + " ok "), "progress line of " + stage);
        }

        Run second = demo("--data", data.toString());

        assertEquals(0, second.exitCode(), second.stderr());
        JsonNode s2 = JSON.readTree(second.stdout());
        assertTrue(s2.path("events_in").path("replay_skipped").asBoolean(), "the topic already holds the file");
        assertEquals(events, spark.read().parquet(lake() + "/events").count(), "no event ingested twice");
        assertEquals(events, s2.path("lake_events").asLong());
        assertNotEquals(s1.path("training").path("version").asText(), s2.path("training").path("version").asText());
    }

    @Test
    void anotherFileOnTopOfAPreviousRunsTopicIsRefusedWithAHintToUseFresh() throws Exception {
        Path small = tmp.resolve("first.json");
        Path other = tmp.resolve("other.json");
        List<String> head = firstLines(SampleData.small(), 200);
        Files.write(small, head);
        Files.write(other, head.subList(0, 100));
        // A replay into the demo's broker, as a first run leaves it (its later stages need not succeed here).
        demo("--data", small.toString());

        Run refused = demo("--data", other.toString());

        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("--fresh"), refused.stderr());
    }

    private Path lake() {
        return tmp.resolve("lake");
    }

    private Run demo(String... extra) {
        List<String> args = new ArrayList<>(List.of("demo", "--json", "--quick", "--master", "local[2]",
                "--work-dir", tmp.resolve("work").toString(), "--lake", lake().toString(),
                "--models", tmp.resolve("models").toString(), "--report", tmp.resolve("report.html").toString()));
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

    /** Rows in the quarantine table; a clean log may leave it without any data file. */
    private long quarantineRows(SparkSession spark) throws Exception {
        Path dir = lake().resolve("quarantine");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            if (files.noneMatch(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_spark_metadata"))) {
                return 0;
            }
        }
        return spark.read().parquet(dir.toString()).count();
    }

    private static long countLines(Path gz) throws Exception {
        long n = 0;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                n++;
            }
        }
        return n;
    }

    private static List<String> firstLines(Path gz, int n) throws Exception {
        List<String> out = new ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            String line;
            while (out.size() < n && (line = in.readLine()) != null) {
                out.add(line);
            }
        }
        return out;
    }
}
