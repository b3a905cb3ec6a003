package io.sparkify.producer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.io.LineReader;
import io.sparkify.io.LogInput;
import io.sparkify.producer.TopicReader;
import io.sparkify.testsupport.SampleData;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(KafkaBrokerExtension.class)
class ProduceCommandTest {

    private final TestKafka kafka;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    ProduceCommandTest(TestKafka kafka) {
        this.kafka = kafka;
    }

    private int produce(String... args) {
        CommandLine cl = CommandRunner.commandLine(new ProducerMain(), SparkifyConfig.defaults());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "produce";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    @Test
    void jsonSummaryIsOneObjectWithTheCountsAndTheRejectsFile(@TempDir Path dir) throws IOException {
        String topic = kafka.newTopic("cli-json");
        int code = produce("--file", SampleData.small().toString(), "--limit", "1000", "--bootstrap-servers",
                kafka.bootstrapServers(), "--topic", topic, "--work-dir", dir.toString(), "--json", "--no-progress");

        assertEquals(ExitCodes.OK, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), out.toString());
        JsonNode j = new ObjectMapper().readTree(lines.get(0));
        assertEquals(1000, j.get("read").asLong());
        assertEquals(1000, j.get("sent").asLong());
        assertEquals(0, j.get("rejected").asLong());
        assertEquals(0, j.get("failed").asLong());
        assertTrue(j.get("elapsed_s").asDouble() > 0);
        assertTrue(j.get("msgs_per_s").asDouble() > 0);
        assertTrue(j.get("mb_per_s").asDouble() > 0);
        assertTrue(j.get("reasons").isObject());
        Path rejects = dir.resolve("rejects").resolve("sparkify-events-100u.rejects.tsv");
        assertEquals(rejects.toString(), j.get("rejects_file").asText());
        assertTrue(Files.isRegularFile(rejects));
        assertTrue(err.toString().contains("created topic " + topic), err.toString());
        assertEquals(1000, TopicReader.readAll(kafka.bootstrapServers(), topic).size());
    }

    @Test
    void failedDeliveriesMakeExitCode1(@TempDir Path dir) throws IOException {
        String line;
        try (LogInput in = LogInput.open(SampleData.small().toString())) {
            LineReader r = in.lines(1 << 20);
            r.next();
            line = new String(r.copy(), StandardCharsets.UTF_8);
        }
        Path input = dir.resolve("big.json");
        Files.write(input, List.of(line, line.replace("\"userAgent\":\"", "\"userAgent\":\"" + "z".repeat(5000)), line));
        Path config = dir.resolve("producer.properties");
        Files.writeString(config, "max.request.size=4096\n");
        Path rejects = dir.resolve("r.tsv");

        int code = produce("--file", input.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", kafka.newTopic("cli-fail"), "--producer-config", config.toString(),
                "--rejects", rejects.toString(), "--json", "--no-progress");

        assertEquals(ExitCodes.FAILURE, code, err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(2, j.get("sent").asLong());
        assertEquals(1, j.get("failed").asLong());
        assertTrue(Files.readAllLines(rejects).get(1).startsWith("2\tdelivery_failed\t"));
    }

    @Test
    void anUnreachableBrokerExitsWith3InBoundedTime(@TempDir Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        int code = produce("--file", SampleData.small().toString(), "--bootstrap-servers", "localhost:" + port,
                "--connect-timeout", "2s", "--work-dir", dir.toString(), "--no-progress");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(ExitCodes.UNAVAILABLE, code);
        assertTrue(seconds < 10, "took " + seconds + " s");
        assertTrue(err.toString().contains("localhost:" + port + " is not reachable"), err.toString());
    }

    @Test
    void aMissingFileExitsWith2(@TempDir Path dir) {
        assertEquals(ExitCodes.USAGE, produce("--file", dir.resolve("missing.json").toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--no-progress"));
        assertTrue(err.toString().contains("missing.json: no such file"), err.toString());
    }

    @Test
    void pacingOptionsExcludeEachOther() {
        assertEquals(ExitCodes.USAGE, produce("--file", SampleData.small().toString(), "--rate", "10", "--interval", "1s"));
    }

    @Test
    void speedupWithRawIsAUsageError() {
        assertEquals(ExitCodes.USAGE, produce("--file", SampleData.small().toString(), "--raw", "--speedup", "10"));
        assertTrue(err.toString().contains("--speedup needs each event's ts"), err.toString());
    }

    @Test
    void defaultRejectsFileIsNamedAfterTheInput() {
        assertEquals(Path.of("w", "rejects", "sparkify-events-100u.rejects.tsv"),
                ProduceCommand.defaultRejects(Path.of("w"), "data/sparkify-events-100u.json.gz"));
        assertEquals(Path.of("w", "rejects", "stdin.rejects.tsv"), ProduceCommand.defaultRejects(Path.of("w"), "-"));
    }
}
