package io.sparkify.producer.consume;

import io.sparkify.cli.ExitCodes;
import io.sparkify.cli.UserException;
import io.sparkify.producer.kafka.KafkaAdmin;
import io.sparkify.producer.replay.StopSignal;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic and writes one message value per line, byte for byte, so the output pipes into
 * {@code wc -l}, {@code jq} or a file. Without a group it reads every partition directly
 * (nothing is committed, runs never disturb each other); with one it joins the group and commits
 * exactly what it printed.
 */
public final class ConsumeService {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final byte TAB = '\t';
    private static final byte NEWLINE = '\n';

    /** @return the number of messages written */
    public long run(ConsumeSettings s, OutputStream out, StopSignal stop) throws IOException {
        TopicDescription topic;
        try (KafkaAdmin admin = KafkaAdmin.connect(s.client(), s.connectTimeout())) {
            topic = admin.describe(s.topic()).orElseThrow(() -> new UserException(ExitCodes.FAILURE,
                    "topic " + s.topic() + " does not exist on " + s.client().bootstrapServers()));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(s))) {
            if (s.group().isPresent()) {
                consumer.subscribe(List.of(s.topic()));
            } else {
                List<TopicPartition> parts = topic.partitions().stream()
                        .map(p -> new TopicPartition(s.topic(), p.partition())).toList();
                consumer.assign(parts);
                if (s.fromBeginning()) {
                    consumer.seekToBeginning(parts);
                } else {
                    consumer.seekToEnd(parts);
                }
            }
            return copy(s, consumer, out, stop);
        }
    }

    private long copy(ConsumeSettings s, KafkaConsumer<byte[], byte[]> consumer, OutputStream out, StopSignal stop)
            throws IOException {
        long count = 0;
        long lastMessage = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> printed = new HashMap<>();
        try {
            while (count < s.max() && !stop.isRequested()) {
                var records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    if (s.idleTimeout().isPresent() && System.nanoTime() - lastMessage >= s.idleTimeout().get().toNanos()) {
                        break;
                    }
                    continue;
                }
                lastMessage = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (count >= s.max()) {
                        break;
                    }
                    write(out, r, s.verbose());
                    count++;
                    printed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                out.flush();
                if (s.group().isPresent()) {
                    consumer.commitAsync(Map.copyOf(printed), null);
                }
            }
        } finally {
            out.flush();
            if (s.group().isPresent() && !printed.isEmpty()) {
                consumer.commitSync(printed);
            }
        }
        return count;
    }

    private static void write(OutputStream out, ConsumerRecord<byte[], byte[]> r, boolean verbose) throws IOException {
        if (verbose) {
            out.write(Integer.toString(r.partition()).getBytes(StandardCharsets.US_ASCII));
            out.write(TAB);
            out.write(Long.toString(r.offset()).getBytes(StandardCharsets.US_ASCII));
            out.write(TAB);
            if (r.key() != null) {
                out.write(r.key());
            }
            out.write(TAB);
        }
        if (r.value() != null) {
            out.write(r.value());
        }
        out.write(NEWLINE);
    }

    static Properties consumerProperties(ConsumeSettings s) {
        Properties p = s.client().common();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sparkify-consume-" + UUID.randomUUID().toString().substring(0, 8));
        s.group().ifPresent(g -> p.put(ConsumerConfig.GROUP_ID_CONFIG, g));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, s.fromBeginning() ? "earliest" : "latest");
        return p;
    }
}
