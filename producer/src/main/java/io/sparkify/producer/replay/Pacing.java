package io.sparkify.producer.replay;

import java.time.Duration;

/** How fast a replay sends: as fast as possible, a fixed interval, a fixed rate, or event time sped up. */
public sealed interface Pacing {

    /** No waiting: the producer's batching decides the pace. */
    record FullSpeed() implements Pacing {
    }

    /** One message every {@code interval} (the seed's {@code --time_interval}). */
    record Interval(Duration interval) implements Pacing {
        public Interval {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("--interval must be positive, not " + interval);
            }
        }
    }

    /** {@code perSecond} messages per second, evenly spread. */
    record Rate(double perSecond) implements Pacing {
        public Rate {
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("--rate must be a positive number, not " + perSecond);
            }
        }
    }

    /** Event time: the gap between two events' {@code ts} divided by {@code factor}. */
    record Speedup(double factor) implements Pacing {
        public Speedup {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("--speedup must be a positive number, not " + factor);
            }
        }
    }

    static Pacing fullSpeed() {
        return new FullSpeed();
    }

    /** Whether the pacer needs each event's {@code ts} (so the line must be parsed). */
    default boolean needsEventTime() {
        return this instanceof Speedup;
    }
}
