package io.sparkify.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.model.json.EventCodec;
import io.sparkify.testsupport.SampleData;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code producer/target/sparkify-producer.jar} run the way users run it,
 * {@code java -jar}, in a JVM of its own with nothing but the jar: it once stopped starting
 * (a Spark class loaded on the way to exit) and no test noticed. Runs in the verify phase.
 */
@Tag("integration")
@ExtendWith(KafkaBrokerExtension.class)
class ProducerJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result java(Path stdin, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("sparkify.producer.jar", "target/sparkify-producer.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " missing: run in the verify phase, after package");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish in 180 s; stderr: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void validateReadsTheGzippedSample() throws Exception {
        Result r = java(null, "validate", SampleData.small().toString(), "--json");

        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode j = JSON.readTree(r.stdout());
        assertEquals(SampleData.SMALL_LINES, j.get("lines").asLong());
        assertEquals(SampleData.SMALL_LINES, j.get("valid").asLong());
        assertEquals(0, j.get("invalid").asLong());
        assertEquals(0, j.get("blank").asLong());
    }

    @Test
    void validateReadsStandardInputAndNamesBadLines() throws Exception {
        Path input = dir.resolve("mixed.json");
        List<String> lines = new ArrayList<>(SampleLines.first(3));
        lines.add(1, "{\"ts\":\"soon\",\"sessionId\":1,\"page\":\"Home\"}");
        lines.add("");
        Files.write(input, lines);

        Result r = java(input, "validate", "-", "--json");

        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode j = JSON.readTree(r.stdout());
        assertEquals("<stdin>", j.get("file").asText());
        assertEquals(5, j.get("lines").asLong());
        assertEquals(3, j.get("valid").asLong());
        assertEquals(1, j.get("blank").asLong());
        assertEquals(1, j.get("reasons").get("non_numeric_ts").asLong());
        assertEquals(2, j.get("first_details").get("non_numeric_ts").get("line").asLong());
        assertEquals("ts is string", j.get("first_details").get("non_numeric_ts").get("detail").asText());
    }

    @Test
    void aMissingFileIsExitCode2() throws Exception {
        Result r = java(null, "validate", dir.resolve("none.json").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains(dir.resolve("none.json") + ": no such file"), r.stderr());
    }

    @Test
    void produceThenConsumeThroughABroker(TestKafka kafka) throws Exception {
        String topic = kafka.newTopic("jar");
        Result produced = java(null, "produce", "--file", SampleData.small().toString(), "--limit", "2000",
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic, "--work-dir", dir.toString(),
                "--json", "--no-progress");

        assertEquals(0, produced.exitCode(), produced.stderr());
        JsonNode j = JSON.readTree(produced.stdout());
        assertEquals(2000, j.get("sent").asLong());
        assertTrue(produced.stderr().contains("created topic " + topic), produced.stderr());

        Result consumed = java(null, "consume", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--from-beginning", "--max", "2000", "--timeout", "20s");

        assertEquals(0, consumed.exitCode(), consumed.stderr());
        List<String> values = consumed.stdout().lines().toList();
        assertEquals(2000, values.size());
        EventCodec codec = new EventCodec();
        values.forEach(v -> assertTrue(codec.decode(v).isValid(), v));
        assertTrue(consumed.stderr().contains("consumed 2000 messages from " + topic), consumed.stderr());
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Result r = java(null, "--help");
        assertEquals(0, r.exitCode(), r.stderr());
        for (String command : List.of("validate", "produce", "consume")) {
            assertTrue(r.stdout().contains(command), r.stdout());
        }
    }
}
