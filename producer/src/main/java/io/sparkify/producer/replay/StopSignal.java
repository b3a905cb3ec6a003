package io.sparkify.producer.replay;

/** Asks a running replay or consumer to stop reading, flush and report (set from a shutdown hook). */
public final class StopSignal {

    private volatile boolean requested;

    public void request() {
        requested = true;
    }

    public boolean isRequested() {
        return requested;
    }
}
