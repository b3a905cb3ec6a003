package io.sparkify.producer.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.cli.ExitCodes;
import io.sparkify.cli.UserException;
import io.sparkify.producer.kafka.ClientConfig;
import io.sparkify.producer.replay.StopSignal;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumeServiceTest {

    private static final int MESSAGES = 50;
    private static final Optional<Duration> IDLE = Optional.of(Duration.ofSeconds(2));

    private TestKafka kafka;
    private String topic;
    private final List<String> values = new ArrayList<>();

    @BeforeAll
    void fillATopic(TestKafka kafka) {
        this.kafka = kafka;
        topic = kafka.newTopic("consume");
        kafka.createTopic(topic, 2);
        Properties p = kafka.clientProperties();
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < MESSAGES; i++) {
                String v = "{\"n\":" + i + "}";
                values.add(v);
                producer.send(new ProducerRecord<>(topic, "user" + (i % 5), v));
            }
        }
    }

    private ConsumeSettings settings(boolean fromBeginning, long max, Optional<String> group, boolean verbose) {
        return new ConsumeSettings(ClientConfig.of(kafka.bootstrapServers()), topic, fromBeginning, max, IDLE, group,
                verbose, Duration.ofSeconds(10));
    }

    private List<String> consume(ConsumeSettings s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = new ConsumeService().run(s, out, new StopSignal());
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(n, lines.size());
        return lines;
    }

    @Test
    void fromBeginningPrintsEveryValueOncePerLineThenStopsWhenIdle() throws IOException {
        List<String> lines = consume(settings(true, Long.MAX_VALUE, Optional.empty(), false));
        assertEquals(Set.copyOf(values), new HashSet<>(lines));
        assertEquals(MESSAGES, lines.size());
    }

    @Test
    void maxStopsAfterThatManyMessages() throws IOException {
        assertEquals(7, consume(settings(true, 7, Optional.empty(), false)).size());
    }

    @Test
    void withoutFromBeginningOnlyNewMessagesArrive() throws IOException {
        assertEquals(List.of(), consume(settings(false, Long.MAX_VALUE, Optional.empty(), false)));
    }

    @Test
    void verbosePrefixesPartitionOffsetAndKey() throws IOException {
        for (String line : consume(settings(true, Long.MAX_VALUE, Optional.empty(), true))) {
            String[] cols = line.split("\t");
            assertEquals(4, cols.length, line);
            assertTrue(cols[0].matches("[01]") && cols[1].matches("\\d+") && cols[2].matches("user[0-4]"), line);
            int n = Integer.parseInt(cols[3].replaceAll("\\D", ""));
            assertEquals("user" + (n % 5), cols[2]);
        }
    }

    @Test
    void aGroupCommitsWhatItPrintedSoTheNextRunContinues() throws IOException {
        Optional<String> group = Optional.of(kafka.newTopic("group"));
        List<String> first = consume(settings(true, 20, group, false));
        List<String> rest = consume(settings(true, Long.MAX_VALUE, group, false));
        assertEquals(20, first.size());
        assertEquals(MESSAGES - 20, rest.size());
        Set<String> all = new HashSet<>(first);
        all.addAll(rest);
        assertEquals(Set.copyOf(values), all);
    }

    @Test
    void aMissingTopicIsReportedByName() {
        ConsumeSettings s = new ConsumeSettings(ClientConfig.of(kafka.bootstrapServers()), "no-such-topic", true,
                Long.MAX_VALUE, IDLE, Optional.empty(), false, Duration.ofSeconds(10));
        UserException e = assertThrows(UserException.class, () -> new ConsumeService().run(s, new ByteArrayOutputStream(), new StopSignal()));
        assertEquals(ExitCodes.FAILURE, e.exitCode());
        assertTrue(e.getMessage().contains("topic no-such-topic does not exist"), e.getMessage());
    }

    @Test
    void anUnreachableBrokerIsExitCode3() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConsumeSettings s = new ConsumeSettings(ClientConfig.of("localhost:" + port), topic, true, Long.MAX_VALUE, IDLE,
                Optional.empty(), false, Duration.ofSeconds(2));
        UserException e = assertThrows(UserException.class, () -> new ConsumeService().run(s, new ByteArrayOutputStream(), new StopSignal()));
        assertEquals(ExitCodes.UNAVAILABLE, e.exitCode());
    }
}
