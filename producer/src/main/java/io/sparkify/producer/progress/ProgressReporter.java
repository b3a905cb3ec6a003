package io.sparkify.producer.progress;

import io.sparkify.producer.replay.LiveCounters;
import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a running replay's progress on its own thread: a one-line bar redrawn on a terminal
 * (lines/s, % and ETA when the input size is known), otherwise a log line every few seconds so
 * redirected output and CI logs stay readable.
 */
public final class ProgressReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private static final int BAR_WIDTH = 24;

    private final LiveCounters live;
    private final PrintStream terminal;
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long lastRead;
    private double rate;

    private ProgressReporter(LiveCounters live, PrintStream terminal, long periodMillis) {
        this.live = live;
        this.terminal = terminal;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkify-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** A bar on {@code stderr} when the process has a terminal, else log lines every 5 s. */
    public static ProgressReporter start(LiveCounters live) {
        return System.console() != null
                ? new ProgressReporter(live, System.err, 500)
                : new ProgressReporter(live, null, 5_000);
    }

    /** Log lines only, every {@code periodMillis} (tests). */
    public static ProgressReporter logging(LiveCounters live, long periodMillis) {
        return new ProgressReporter(live, null, periodMillis);
    }

    private synchronized void tick() {
        long now = System.nanoTime();
        long read = live.read();
        if (read == 0 && live.inputBytesRead() == 0) {
            return; // still connecting: leave the line to the topic notices
        }
        double instant = (read - lastRead) / ((now - lastNanos) / 1e9);
        rate = lastNanos == startNanos ? instant : 0.7 * rate + 0.3 * instant;
        lastNanos = now;
        lastRead = read;
        OptionalLong size = live.inputSize();
        double fraction = size.isPresent() && size.getAsLong() > 0
                ? Math.min(1.0, live.inputBytesRead() / (double) size.getAsLong()) : -1;
        if (terminal != null) {
            terminal.print("\r" + bar(read, fraction, (now - startNanos) / 1e9) + "   ");
            terminal.flush();
        } else {
            LOG.info("{} lines read{}, {} sent, {} rejected, {} failed; {} lines/s",
                    fmt(read), fraction >= 0 ? String.format(Locale.ROOT, " (%.0f%%)", fraction * 100) : "",
                    fmt(live.sent()), fmt(live.rejected()), fmt(live.failed()), fmt((long) rate));
        }
    }

    private String bar(long read, double fraction, double elapsedSeconds) {
        StringBuilder b = new StringBuilder();
        if (fraction >= 0) {
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            b.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%5.1f%%  ", fraction * 100));
        }
        b.append(fmt(read)).append(" lines  ").append(fmt((long) rate)).append(" lines/s");
        if (live.rejected() > 0 || live.failed() > 0) {
            b.append("  ").append(fmt(live.rejected())).append(" rejected  ").append(fmt(live.failed())).append(" failed");
        }
        if (fraction > 0.001 && fraction < 1) {
            long eta = Math.round(elapsedSeconds * (1 - fraction) / fraction);
            b.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
        }
        return b.toString();
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Stops the display and clears the bar, so the summary starts on a clean line. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (terminal != null && lastNanos != startNanos) {
            terminal.print("\r" + " ".repeat(100) + "\r");
            terminal.flush();
        }
    }
}
