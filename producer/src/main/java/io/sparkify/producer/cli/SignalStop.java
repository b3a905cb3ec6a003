package io.sparkify.producer.cli;

import io.sparkify.producer.replay.StopSignal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C/SIGTERM into a {@link StopSignal}: the shutdown hook asks the running command to
 * stop, then holds the JVM open until the command has flushed and printed its summary.
 */
final class SignalStop {

    /** Longest a signal waits for the flush; the producer's own timeouts are shorter. */
    private static final long GRACE_SECONDS = 150;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private SignalStop(StopSignal stop) {
        this.hook = new Thread(() -> {
            stop.request();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sparkify-stop");
    }

    static SignalStop install(StopSignal stop) {
        SignalStop s = new SignalStop(stop);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** The command has finished and reported; a pending signal may now end the JVM. */
    void done() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and returns now
        }
    }
}
