package io.sparkify.ingest.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running ingest queries: wait for them, or stop them between micro-batches. */
public final class IngestRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestRun.class);
    private static final long POLL_MS = 5;
    private static final long AWAIT_SLICE_MS = 200;

    private final SparkSession spark;
    private final ProgressLog progress;
    private final List<StreamingQuery> queries;

    IngestRun(SparkSession spark, ProgressLog progress, List<StreamingQuery> queries) {
        this.spark = spark;
        this.progress = progress;
        this.queries = List.copyOf(queries);
    }

    public List<StreamingQuery> queries() {
        return queries;
    }

    /**
     * Blocks until every query has ended. If one fails, the others are stopped and the failure
     * is thrown: a half-running ingest (events without quarantine) must not look healthy.
     */
    public IngestSummary awaitCompletion() {
        return awaitCompletion(() -> false, Duration.ZERO);
    }

    /**
     * As {@link #awaitCompletion()}; in addition {@code stopRequested} is asked about every 200 ms
     * and, once it says yes, the queries are stopped as by {@link #stopGracefully} and this
     * returns normally.
     */
    public IngestSummary awaitCompletion(BooleanSupplier stopRequested, Duration stopTimeout) {
        while (queries.stream().anyMatch(StreamingQuery::isActive)) {
            for (StreamingQuery q : queries) {
                try {
                    q.awaitTermination(AWAIT_SLICE_MS / queries.size());
                } catch (StreamingQueryException e) {
                    stopAll();
                    throw new IllegalStateException("ingest query " + q.name() + " failed: " + e.getMessage(), e);
                }
            }
            if (queries.stream().anyMatch(StreamingQuery::isActive) && stopRequested.getAsBoolean()) {
                stopGracefully(stopTimeout);
            }
        }
        for (StreamingQuery q : queries) {
            if (q.exception().isDefined()) {
                throw new IllegalStateException("ingest query " + q.name() + " failed: "
                        + q.exception().get().getMessage(), q.exception().get());
            }
        }
        return summary();
    }

    /**
     * Stops each query as soon as the micro-batch it was running when this was called has
     * finished and committed (at once if it was idle), waiting at most {@code timeout}. A query
     * that is behind starts its next batch right after the previous one; that new batch is
     * stopped within milliseconds of its start, before it wrote anything, and re-runs on restart.
     * A batch still running at the timeout is interrupted: also safe (its files are not in the
     * sink log), only wasted.
     */
    public void stopGracefully(Duration timeout) {
        long[] runningAtCall = new long[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            StreamingQuery q = queries.get(i);
            long last = q.lastProgress() == null ? -1 : q.lastProgress().batchId();
            runningAtCall[i] = last;
            if (q.isActive() && q.status().isTriggerActive()) {
                LOG.info("{}: micro-batch {} is running; stopping after it", q.name(), last + 1);
            } else if (q.isActive()) {
                LOG.info("{}: no micro-batch running; stopping now", q.name());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean[] stopped = new boolean[queries.size()];
        int left = queries.size();
        while (left > 0) {
            boolean late = System.nanoTime() > deadline;
            for (int i = 0; i < queries.size(); i++) {
                StreamingQuery q = queries.get(i);
                if (stopped[i]) {
                    continue;
                }
                boolean finished = !q.isActive() || !q.status().isTriggerActive()
                        || q.lastProgress() != null && q.lastProgress().batchId() > runningAtCall[i];
                if (finished || late) {
                    if (!finished) {
                        LOG.warn("{} micro-batch still running after {} s: interrupting it (it re-runs on restart)",
                                q.name(), timeout.toSeconds());
                    }
                    stop(q);
                    LOG.info("stopped {} after batch {}", q.name(),
                            q.lastProgress() == null ? -1 : q.lastProgress().batchId());
                    stopped[i] = true;
                    left--;
                }
            }
            if (left > 0) {
                sleep(POLL_MS);
            }
        }
    }

    public IngestSummary summary() {
        ProgressLog.Totals events = progress.track(queries.get(0).id(), "events");
        return new IngestSummary(events.rows(), events.batches(), Math.max(0, events.behind()));
    }

    /** Stops what still runs and detaches the progress listener. */
    @Override
    public void close() {
        stopAll();
        spark.streams().removeListener(progress);
    }

    private void stopAll() {
        for (StreamingQuery q : queries) {
            stop(q);
        }
    }

    static void stop(StreamingQuery q) {
        try {
            q.stop();
        } catch (TimeoutException e) {
            LOG.warn("{} did not stop within spark.sql.streaming.stopTimeout", q.name());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
