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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A topic of the test broker and the raw records a test put into it, with their offsets. */
public final class TestTopic {

    /** One produced record: where it landed and its exact value (null for a tombstone). */
    public record Sent(int partition, long offset, byte[] value) {
    }

    private final TestKafka kafka;
    private final String name;
    private final List<Sent> sent = new ArrayList<>();

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

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
