package io.sparkify.producer.replay;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Counts what the brokers acknowledged and what failed after the client's retries; a failed
 * record is listed in the rejects file with its line number and the error.
 */
final class Deliveries {

    private final LiveCounters live;
    private final RejectsFile rejects;
    private final AtomicLong valueBytes = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    Deliveries(LiveCounters live, RejectsFile rejects) {
        this.live = live;
        this.rejects = rejects;
    }

    /** The callback for the record read from {@code line}. */
    Callback forLine(long line) {
        return new LineCallback(this, line);
    }

    /** A send that threw before reaching the client's buffer counts as a failed delivery too. */
    void failed(long line, Exception e) {
        live.countFailure();
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        firstFailure.compareAndSet(null, "line " + line + ": " + msg);
        rejects.write(line, RejectsFile.DELIVERY_FAILED, msg, null, 0, 0);
    }

    long sent() {
        return live.sent();
    }

    long failed() {
        return live.failed();
    }

    long valueBytes() {
        return valueBytes.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    private record LineCallback(Deliveries deliveries, long line) implements Callback {
        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                deliveries.live.countAck();
                deliveries.valueBytes.addAndGet(Math.max(0, metadata.serializedValueSize()));
            } else {
                deliveries.failed(line, exception);
            }
        }
    }
}
