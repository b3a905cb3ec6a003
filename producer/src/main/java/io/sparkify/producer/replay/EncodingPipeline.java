package io.sparkify.producer.replay;

import io.sparkify.io.IoErrors;
import io.sparkify.io.LineReader;
import io.sparkify.io.LogInput;
import io.sparkify.model.json.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Reads, validates and encodes the input ahead of the sender, in order. Decoding and
 * re-encoding JSON is most of a replay's CPU (the Kafka client's own work is small beside it),
 * so one thread reads and splits lines into {@link LineChunk}s, a pool encodes the chunks in
 * parallel, and {@link #next} hands them to the sender strictly in input order, which keeps
 * every user's events in order. Read-ahead is bounded twice: a few chunks per worker, and
 * {@link #DEFAULT_READ_AHEAD_BYTES} of line data (a chunk of near-limit lines is large).
 */
final class EncodingPipeline implements AutoCloseable {

    /** Line bytes read but not yet sent, at most (their encoded form is about as large again). */
    static final long DEFAULT_READ_AHEAD_BYTES = 32L << 20;

    private static final Future<EncodedChunk> END = CompletableFuture.completedFuture(null);
    private static final long POLL_MILLIS = 100;

    private final LogInput input;
    private final BlockingQueue<Future<EncodedChunk>> ready;
    private final ReadAheadBudget budget;
    private final ExecutorService workers;
    private final Thread reader;
    private volatile boolean closed;
    private volatile long skipped;
    private boolean exhausted;
    /** The chunk the sender is working on: its bytes go back to the budget when it asks for the next. */
    private EncodedChunk current;

    EncodingPipeline(LogInput input, EventCodec codec, boolean raw, long skip, long limit, int workerCount, LiveCounters live) {
        this(input, codec, raw, skip, limit, workerCount, DEFAULT_READ_AHEAD_BYTES, live);
    }

    EncodingPipeline(LogInput input, EventCodec codec, boolean raw, long skip, long limit, int workerCount,
                     long readAheadBytes, LiveCounters live) {
        this.input = input;
        this.ready = new ArrayBlockingQueue<>(4 * workerCount);
        this.budget = new ReadAheadBudget(readAheadBytes);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerCount, r -> daemon(r, "sparkify-encode-" + n.incrementAndGet()));
        this.reader = daemon(() -> read(codec, raw, skip, limit, live), "sparkify-read");
        reader.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Workers for a machine: every core, as the sender and the reader mostly wait. */
    static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private void read(EventCodec codec, boolean raw, long skip, long limit, LiveCounters live) {
        LineReader lines = input.lines(codec.maxLineBytes());
        LineChunk chunk = null;
        try {
            long taken = 0;
            long skippedSoFar = 0;
            while (!closed && taken < limit && lines.next()) {
                if (lines.lineNumber() <= skip) {
                    skipped = ++skippedSoFar;
                    continue;
                }
                if (chunk == null) {
                    chunk = new LineChunk(lines.lineNumber());
                }
                chunk.add(lines.buffer(), lines.length(), lines.tooLong(), lines.trueLength());
                taken++;
                if (chunk.isFull()) {
                    submit(chunk, codec, raw);
                    chunk = null;
                    live.inputBytes(input.bytesRead());
                }
            }
            if (chunk != null) {
                submit(chunk, codec, raw);
                chunk = null;
            }
            live.inputBytes(input.bytesRead());
            ready.put(END);
        } catch (IOException e) {
            // The lines read before the failure are sent (and counted) before the error is reported.
            try {
                if (chunk != null && chunk.count() > 0) {
                    submit(chunk, codec, raw);
                }
                fail(new IOException(input.name() + ": read failed after line " + lines.lineNumber() + ": "
                        + IoErrors.reason(e), e));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Queues the failure behind the chunks already read, so the sender first finishes those. */
    private void fail(Exception e) {
        try {
            ready.put(CompletableFuture.failedFuture(e));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(LineChunk chunk, EventCodec codec, boolean raw) throws InterruptedException {
        budget.acquire(chunk.bytes());
        ready.put(workers.submit(() -> EncodedChunk.encode(chunk, codec, raw)));
    }

    /**
     * The next chunk in input order; null at the end of the input or when {@code stop} turns true.
     *
     * @throws IOException when the input could not be read, naming it and the last line read
     */
    EncodedChunk next(BooleanSupplier stop) throws IOException {
        if (current != null) {
            budget.release(current.lines.bytes());
            current = null;
        }
        if (exhausted) {
            return null;
        }
        try {
            Future<EncodedChunk> f = null;
            while (f == null) {
                if (stop.getAsBoolean()) {
                    return null;
                }
                f = ready.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
            EncodedChunk c = f.get();
            exhausted = c == null;
            current = c;
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        }
    }

    /** True once {@link #next} has returned the last chunk of the input. */
    boolean exhausted() {
        return exhausted;
    }

    /** The read-ahead byte budget (tests look at its peak). */
    ReadAheadBudget budget() {
        return budget;
    }

    /** Lines passed over by the skip so far. */
    long skipped() {
        return skipped;
    }

    /** Stops reading; a reader blocked on standard input is left to die with the JVM (it is a daemon). */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        workers.shutdownNow();
    }
}
