package io.sparkify.kafka.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class LocalKafkaBrokerTest {

    private static final int RECORDS = 2_000;

    @Test
    void recordsProducedBeforeARestartAreReadBackAfterIt(@TempDir Path dir) throws Exception {
        String topic = "round-trip";
        try (LocalKafkaBroker broker = new LocalKafkaBroker(BrokerSettings.ephemeral(dir)).start()) {
            assertTrue(broker.port() > 0);
            try (Admin admin = Admin.create(props(broker))) {
                admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(broker))) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + (i % 7), "v" + i));
                }
                producer.flush();
            }
            assertEquals(RECORDS, readAll(broker, topic).size());
        }

        // Same directory, not fresh: the topic and its records survive a clean stop.
        try (LocalKafkaBroker again = new LocalKafkaBroker(new BrokerSettings(0, dir, false)).start()) {
            List<String> values = readAll(again, topic);
            assertEquals(RECORDS, values.size());
            assertEquals(RECORDS, values.stream().distinct().count());
        }
    }

    @Test
    void freshStartForgetsEarlierTopics(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker broker = new LocalKafkaBroker(BrokerSettings.ephemeral(dir)).start();
             Admin admin = Admin.create(props(broker))) {
            admin.createTopics(List.of(new NewTopic("old", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (LocalKafkaBroker broker = new LocalKafkaBroker(new BrokerSettings(0, dir, true)).start();
             Admin admin = Admin.create(props(broker))) {
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).isEmpty());
        }
        assertTrue(Files.isRegularFile(dir.resolve("meta.properties")));
    }

    @Test
    void aFreshStartRefusesADirectoryThatIsNotABrokers(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("thesis.tex"), "years of work");
        LocalKafkaBroker broker = new LocalKafkaBroker(new BrokerSettings(0, dir, true));
        BrokerStartException e = assertThrows(BrokerStartException.class, broker::start);
        assertTrue(e.getMessage().startsWith("refusing --fresh: " + dir.toAbsolutePath()), e.getMessage());
        assertEquals("years of work", Files.readString(dir.resolve("thesis.tex")));
    }

    @Test
    void aTakenPortIsReportedByNumber(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            LocalKafkaBroker broker = new LocalKafkaBroker(new BrokerSettings(taken.getLocalPort(), dir, true));
            BrokerStartException e = assertThrows(BrokerStartException.class, broker::start);
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " is already in use"), e.getMessage());
        }
    }

    private static List<String> readAll(LocalKafkaBroker broker, String topic) {
        Properties p = props(broker);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long end = consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static Properties producerProps(LocalKafkaBroker broker) {
        Properties p = props(broker);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static Properties props(LocalKafkaBroker broker) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }
}
