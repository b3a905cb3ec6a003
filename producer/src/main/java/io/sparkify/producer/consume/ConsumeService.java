package io.sparkify.producer.consume;

import io.sparkify.error.OperationFailedException;
import io.sparkify.producer.kafka.KafkaAdmin;
import io.sparkify.producer.replay.StopSignal;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic and writes one message value per line, byte for byte, so the output pipes into
 * {@code wc -l}, {@code jq} or a file. Without a group it reads every partition directly
 * (nothing is committed, runs never disturb each other); with one it joins the group and commits
 * exactly what it printed, also when the reader goes away ({@code consume | head}).
 */
public final class ConsumeService {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final int OUTPUT_BUFFER = 1 << 16;
    private static final byte TAB = '\t';
    private static final byte NEWLINE = '\n';

    private final Runnable onPositioned;

    public ConsumeService() {
        this(() -> { });
    }

    /**
     * @param onPositioned called once the start offsets are fixed (right after seeking without a
     *                     group, on the first assignment with one): messages produced after it
     *                     are read even without {@code fromBeginning}
     */
    public ConsumeService(Runnable onPositioned) {
        this.onPositioned = onPositioned;
    }

    /**
     * Copies messages to {@code out} (unbuffered is best: this buffers, and counts what really got
     * through for the group's commit).
     *
     * @return the number of messages written
     * @throws IOException when {@code out} fails (the reader went away); with a group, what got
     *                     out before it is committed first
     */
    public long run(ConsumeSettings s, OutputStream out, StopSignal stop) throws IOException {
        TopicDescription topic;
        try (KafkaAdmin admin = KafkaAdmin.connect(s.client(), s.connectTimeout())) {
            topic = admin.describe(s.topic()).orElseThrow(() -> new OperationFailedException(
                    "topic " + s.topic() + " does not exist on " + s.client().bootstrapServers()));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(s))) {
            if (s.group().isPresent()) {
                consumer.subscribe(List.of(s.topic()), new PositionedOnAssignment(consumer));
            } else {
                List<TopicPartition> parts = topic.partitions().stream()
                        .map(p -> new TopicPartition(s.topic(), p.partition())).toList();
                consumer.assign(parts);
                if (s.fromBeginning()) {
                    consumer.seekToBeginning(parts);
                } else {
                    consumer.seekToEnd(parts);
                }
                // Seeks are lazy: resolve them now, so "new messages" means from this moment on.
                parts.forEach(consumer::position);
                onPositioned.run();
            }
            return copy(s, consumer, out, stop);
        }
    }

    private long copy(ConsumeSettings s, KafkaConsumer<byte[], byte[]> consumer, OutputStream out, StopSignal stop)
            throws IOException {
        PrintedOffsets printed = new PrintedOffsets(out);
        OutputStream buffered = new BufferedOutputStream(printed.stream(), OUTPUT_BUFFER);
        long count = 0;
        IOException outputFailed = null;
        try {
            try {
                long lastMessage = System.nanoTime();
                while (count < s.max() && !stop.isRequested()) {
                    var records = consumer.poll(POLL);
                    if (records.isEmpty()) {
                        if (s.idleTimeout().isPresent()
                                && System.nanoTime() - lastMessage >= s.idleTimeout().get().toNanos()) {
                            break;
                        }
                        continue;
                    }
                    lastMessage = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (count >= s.max()) {
                            break;
                        }
                        printed.wrote(new TopicPartition(r.topic(), r.partition()), r.offset(), write(buffered, r, s.verbose()));
                        count++;
                    }
                    buffered.flush();
                    if (s.group().isPresent()) {
                        consumer.commitAsync(printed.printed(), null);
                    }
                }
                buffered.flush();
            } catch (IOException e) {
                outputFailed = e;
            }
        } finally {
            // Also after the output failed or the consumer threw: what got out is committed.
            if (s.group().isPresent()) {
                Map<TopicPartition, OffsetAndMetadata> done = printed.printed();
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                }
            }
        }
        if (outputFailed != null) {
            throw outputFailed;
        }
        return count;
    }

    /** Writes one record's line; returns its length in bytes. */
    private static long write(OutputStream out, ConsumerRecord<byte[], byte[]> r, boolean verbose) throws IOException {
        long n = 1;
        if (verbose) {
            byte[] partition = Integer.toString(r.partition()).getBytes(StandardCharsets.US_ASCII);
            byte[] offset = Long.toString(r.offset()).getBytes(StandardCharsets.US_ASCII);
            out.write(partition);
            out.write(TAB);
            out.write(offset);
            out.write(TAB);
            n += partition.length + offset.length + 3;
            if (r.key() != null) {
                out.write(r.key());
                n += r.key().length;
            }
            out.write(TAB);
        }
        if (r.value() != null) {
            out.write(r.value());
            n += r.value().length;
        }
        out.write(NEWLINE);
        return n;
    }

    /** With a group, the start offsets are known once partitions are assigned. */
    private final class PositionedOnAssignment implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private boolean signalled;

        PositionedOnAssignment(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!signalled && !partitions.isEmpty()) {
                partitions.forEach(consumer::position);
                signalled = true;
                onPositioned.run();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing kept per partition
        }
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
