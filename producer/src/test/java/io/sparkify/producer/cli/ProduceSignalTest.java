package io.sparkify.producer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.producer.TopicReader;
import io.sparkify.testsupport.SampleData;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM in the middle of a replay: reading stops, what was read is flushed and the summary printed. */
@Tag("integration")
@ExtendWith(KafkaBrokerExtension.class)
class ProduceSignalTest {

    @Test
    void sigtermMidRunPrintsTheSummaryAndEverySentMessageIsReadable(TestKafka kafka, @TempDir Path dir) throws Exception {
        String topic = kafka.newTopic("signal");
        Path stdout = dir.resolve("out.json");
        Path stderr = dir.resolve("err.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""),
                ProducerMain.class.getName(), "produce", "--file", SampleData.small().toString(),
                "--rate", "2000", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--work-dir", dir.toString(), "--json")
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        // Wait until the replay is under way (the topic has messages), then stop it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive() && countOrZero(kafka, topic) < 2000) {
            Thread.sleep(200);
        }
        assertTrue(p.isAlive(), "finished before the signal: " + Files.readString(stderr));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not stop within 60 s of SIGTERM");

        List<String> out = Files.readAllLines(stdout);
        assertEquals(1, out.size(), "stdout: " + out + "\nstderr: " + Files.readString(stderr));
        JsonNode j = new ObjectMapper().readTree(out.get(0));
        assertTrue(j.get("interrupted").asBoolean());
        long sent = j.get("sent").asLong();
        assertTrue(sent >= 2000 && sent < SampleData.SMALL_LINES, "sent " + sent);
        assertEquals(j.get("read").asLong(), sent + j.get("failed").asLong() + j.get("rejected").asLong()
                + j.get("blank").asLong());
        assertEquals(0, j.get("failed").asLong());
        assertEquals(sent, TopicReader.readAll(kafka.bootstrapServers(), topic).size(), "every sent message is in the topic");
    }

    private static long countOrZero(TestKafka kafka, String topic) {
        try {
            return TopicReader.readAll(kafka.bootstrapServers(), topic).size();
        } catch (RuntimeException e) {
            return 0; // topic not created yet
        }
    }
}
