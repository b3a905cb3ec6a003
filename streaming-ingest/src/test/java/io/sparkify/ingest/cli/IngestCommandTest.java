package io.sparkify.ingest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.cli.CommandRunner;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.error.InvalidInputException;
import io.sparkify.ingest.stream.IngestSettings;
import io.sparkify.ingest.stream.KafkaSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@code ingest}'s flags become settings and Kafka source options (no Spark, no broker needed). */
class IngestCommandTest {

    private static IngestSettings parse(String... args) {
        IngestCommand cmd = new IngestCommand();
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", "b1:9092,b2:9092", "--topic", "t",
                "--lake", "file:///data/lake"));
        all.addAll(List.of(args));
        CommandRunner.commandLine(cmd, SparkifyConfig.defaults()).parseArgs(all.toArray(String[]::new));
        return cmd.settings();
    }

    @ParameterizedTest
    @CsvSource({
        "processing-time=10s, PT10S",
        "processing-time=500ms, PT0.5S",
        "processing-time=2m, PT2M",
        "processing-time=1h, PT1H",
        "processing-time=3 seconds, PT3S",
        "PROCESSING-TIME=250MS, PT0.25S"})
    void processingTimeTriggersTakeEveryUnit(String flag, String interval) {
        IngestSettings s = parse("--trigger", flag);
        assertFalse(s.trigger().isAvailableNow());
        assertEquals(Duration.parse(interval), s.trigger().interval());
    }

    @Test
    void availableNowAndTheConfDefault() {
        assertTrue(parse("--trigger", "available-now").trigger().isAvailableNow());
        assertEquals(Duration.ofSeconds(10), parse().trigger().interval(), "conf default processing-time=10s");
    }

    @ParameterizedTest
    @CsvSource({"every 10s", "processing-time=0s", "processing-time=10", "processing-time=5d", "availablenow"})
    void aBadTriggerIsAUsageError(String flag) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse("--trigger", flag));
    }

    @Test
    void otherBadValuesAreUsageErrors() {
        assertThrows(InvalidInputException.class,
                () -> parse("--starting-offsets", "newest"));
        assertThrows(InvalidInputException.class,
                () -> parse("--max-offsets-per-trigger", "0"));
        assertThrows(InvalidInputException.class,
                () -> parse("--consumer-config", "/no/such/file.properties"));
    }

    @Test
    void checkpointDefaultsUnderTheLakeAndOffsetsAndLimitsPassThrough() {
        IngestSettings s = parse("--starting-offsets", "latest", "--max-offsets-per-trigger", "5000",
                "--max-records-per-file", "1000", "--max-value-bytes", "2048", "--connect-timeout", "7s");
        assertEquals("file:/data/lake/_checkpoints/ingest", s.checkpoint());
        assertEquals("file:/data/lake/_checkpoints/ingest/events", s.eventsCheckpoint());
        assertEquals("latest", s.startingOffsets());
        assertEquals(5000, s.maxOffsetsPerTrigger().getAsLong());
        assertEquals(1000, s.maxRecordsPerFile());
        assertEquals(2048, s.maxValueBytes());
        assertEquals(Duration.ofSeconds(7), s.connectTimeout());
        assertEquals("file:/elsewhere/ckpt", parse("--checkpoint", "file:///elsewhere/ckpt/").checkpoint());
    }

    @Test
    void kafkaPropertiesPassThroughWithOptionsOverFilesAndSparkManagedKeysLeftOut(@TempDir Path dir) throws Exception {
        Path client = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nclient.id=from-client-config\nenable.auto.commit=true\n"
                        + "sasl.mechanism=SCRAM-SHA-256\n");
        Path consumer = Files.writeString(dir.resolve("consumer.properties"),
                "client.id=from-consumer-config\nfetch.max.bytes=1048576\nauto.offset.reset=earliest\n");
        IngestSettings s = parse("--client-config", client.toString(), "--consumer-config", consumer.toString(),
                "--kafka-option", "sasl.mechanism=PLAIN", "--kafka-option", "max.poll.records=777",
                "--kafka-option", "key.deserializer=x.Y");

        Map<String, String> options = KafkaSource.options(s, KafkaSource.clientProperties(s), "earliest");
        assertEquals("SASL_SSL", options.get("kafka.security.protocol"), "from the shared client config");
        assertEquals("from-consumer-config", options.get("kafka.client.id"), "the consumer config overrides it");
        assertEquals("PLAIN", options.get("kafka.sasl.mechanism"), "--kafka-option overrides both files");
        assertEquals("1048576", options.get("kafka.fetch.max.bytes"));
        assertEquals("777", options.get("kafka.max.poll.records"));
        for (String managed : List.of("enable.auto.commit", "auto.offset.reset", "key.deserializer")) {
            assertFalse(options.containsKey("kafka." + managed), managed + " is Spark's to set");
        }
        assertEquals("b1:9092,b2:9092", options.get("kafka.bootstrap.servers"));
        assertEquals("t", options.get("subscribe"));
        assertEquals("earliest", options.get("startingOffsets"));
        assertEquals("true", options.get("failOnDataLoss"));
        assertFalse(options.containsKey("maxOffsetsPerTrigger"), "no limit unless asked");
    }
}
