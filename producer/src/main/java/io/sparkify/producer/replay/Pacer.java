package io.sparkify.producer.replay;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits before each message according to a {@link Pacing}. Waits are scheduled against the start
 * (message n is due at start + n x interval), so sleep overshoot does not accumulate into drift.
 * Not thread-safe: the replay loop owns it.
 */
final class Pacer {

    /** Longest single park, so a stop request is noticed quickly even during long gaps. */
    private static final long MAX_PARK_NANOS = 100_000_000L;

    private final Pacing pacing;
    private final BooleanSupplier stopped;
    private long startNanos = -1;
    private long sent;
    private long firstTs;

    Pacer(Pacing pacing, BooleanSupplier stopped) {
        this.pacing = pacing;
        this.stopped = stopped;
    }

    /**
     * Blocks until the next message is due.
     *
     * @param ts the event's time in epoch ms (used by event-time pacing only)
     * @return false when a stop was requested while waiting
     */
    boolean awaitTurn(long ts) {
        if (pacing instanceof Pacing.FullSpeed) {
            return !stopped.getAsBoolean(); // no clock read per message at full speed
        }
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
            firstTs = ts;
            sent = 1;
            return true;
        }
        long due;
        if (pacing instanceof Pacing.Interval i) {
            due = startNanos + sent * i.interval().toNanos();
        } else if (pacing instanceof Pacing.Rate r) {
            due = startNanos + (long) (sent * 1e9 / r.perSecond());
        } else if (pacing instanceof Pacing.Speedup s) {
            due = startNanos + (long) (Math.max(0, ts - firstTs) * 1e6 / s.factor());
        } else {
            return !stopped.getAsBoolean();
        }
        sent++;
        return sleepUntil(due);
    }

    private boolean sleepUntil(long due) {
        while (true) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            long left = due - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(left, MAX_PARK_NANOS));
        }
    }
}
