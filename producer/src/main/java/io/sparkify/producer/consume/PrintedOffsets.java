package io.sparkify.producer.consume;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records have really reached the output, for a group to commit exactly those. A record
 * counts once every byte of its line was taken by the underlying stream (standard output), not
 * merely buffered: when the reader goes away ({@code consume | head}), the records whose lines got
 * out are committed and the rest are read again next time. Not thread-safe.
 */
final class PrintedOffsets {

    private final CountingStream counted;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Map<TopicPartition, OffsetAndMetadata> printed = new HashMap<>();
    private long written;

    private record Pending(long endByte, TopicPartition partition, long offset) {
    }

    /** Wraps the raw output; write through {@link #stream()} (buffer on top of it as needed). */
    PrintedOffsets(OutputStream raw) {
        this.counted = new CountingStream(raw);
    }

    OutputStream stream() {
        return counted;
    }

    /** A record's line of {@code bytes} bytes was handed to the (buffered) output. */
    void wrote(TopicPartition partition, long offset, long bytes) {
        written += bytes;
        pending.add(new Pending(written, partition, offset));
    }

    /** Offsets to commit: one past the last record of each partition whose whole line got out. */
    Map<TopicPartition, OffsetAndMetadata> printed() {
        long out = counted.count;
        while (!pending.isEmpty() && pending.peek().endByte() <= out) {
            Pending p = pending.poll();
            printed.put(p.partition(), new OffsetAndMetadata(p.offset() + 1));
        }
        return Map.copyOf(printed);
    }

    /** Counts the bytes the underlying stream accepted without an error. */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
