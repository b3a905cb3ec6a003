package io.sparkify.ingest;

import io.sparkify.testsupport.SampleData;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A topic of the test broker and the raw records a test put into it, with their offsets. */
public final class TestTopic {

    /** One produced record: where it landed and its exact value (null for a tombstone). */
    public record Sent(int partition, long offset, byte[] value) {
    }

    private final TestKafka kafka;
    private final String name;
    private final List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());

    public TestTopic(TestKafka kafka, String prefix, int partitions) {
        this.kafka = kafka;
        this.name = kafka.newTopic(prefix);
        kafka.createTopic(name, partitions);
    }

    public String name() {
        return name;
    }

    public List<Sent> sent() {
        return sent;
    }

    /** The first {@code n} lines of the small sample log after skipping {@code skip}, raw. */
    public static List<byte[]> sampleLines(int skip, int n) {
        List<byte[]> lines = new ArrayList<>(n);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(SampleData.small())), StandardCharsets.UTF_8))) {
            String line;
            int i = 0;
            while ((line = r.readLine()) != null && lines.size() < n) {
                if (i++ >= skip) {
                    lines.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** Sends the values (as is, no validation: bad records included), waits for every acknowledgement. */
    public void send(List<byte[]> values) {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(values.size());
            for (byte[] v : values) {
                acks.add(producer.send(new ProducerRecord<>(name, v)));
            }
            producer.flush();
            for (int i = 0; i < values.size(); i++) {
                RecordMetadata m = acks.get(i).get();
                sent.add(new Sent(m.partition(), m.offset(), values.get(i)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + name + " failed", e.getCause());
        }
    }

    /**
     * Sends one record every {@code pause} until {@code keepGoing} turns false, each acknowledged
     * before the next: a steady trickle for tests that need records arriving around a start.
     * The values cycle through {@code values}.
     */
    public void sendUntil(java.util.function.BooleanSupplier keepGoing, List<byte[]> values, java.time.Duration pause) {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; keepGoing.getAsBoolean(); i++) {
                byte[] v = values.get(i % values.size());
                RecordMetadata m = producer.send(new ProducerRecord<>(name, v)).get();
                sent.add(new Sent(m.partition(), m.offset(), v));
                Thread.sleep(pause.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + name + " failed", e.getCause());
        }
    }

    /** Sample lines with a not-JSON record after every {@code every}-th: events and rejects, interleaved. */
    public static List<byte[]> mixedLines(int skip, int n, int every) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        for (byte[] line : sampleLines(skip, n)) {
            out.add(line);
            if (++i % every == 0) {
                out.add(utf8("not json #" + (skip + i)));
            }
        }
        return out;
    }

    /**
     * Replaces what this topic "sent" with what the broker holds, read back from the first offset
     * of every partition to its end: for records another client (the producer's replay) wrote.
     */
    public void readBack() {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(name).stream()
                    .map(i -> new TopicPartition(name, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            List<Sent> all = new ArrayList<>();
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + name + " back to " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(java.time.Duration.ofMillis(200))) {
                    all.add(new Sent(r.partition(), r.offset(), r.value()));
                }
            }
            sent.clear();
            sent.addAll(all);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
