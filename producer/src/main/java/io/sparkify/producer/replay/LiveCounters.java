package io.sparkify.producer.replay;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A replay's counts while it runs, for a progress display on another thread. The replay loop
 * publishes its own counts every few hundred lines (cheap ordered writes, no locking on the hot
 * path); acknowledgements and failures are counted by the Kafka client's thread.
 */
public final class LiveCounters {

    private final AtomicLong read = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong inputBytes = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile OptionalLong inputSize = OptionalLong.empty();

    void publish(long linesRead, long linesRejected) {
        read.lazySet(linesRead);
        rejected.lazySet(linesRejected);
    }

    void inputBytes(long bytesRead) {
        inputBytes.lazySet(bytesRead);
    }

    void inputSize(OptionalLong size) {
        inputSize = size;
    }

    void countAck() {
        sent.incrementAndGet();
    }

    void countFailure() {
        failed.incrementAndGet();
    }

    public long read() {
        return read.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Raw bytes consumed from the input (compressed bytes for gzip), with {@link #inputSize()} for a percentage. */
    public long inputBytesRead() {
        return inputBytes.get();
    }

    public OptionalLong inputSize() {
        return inputSize;
    }
}
