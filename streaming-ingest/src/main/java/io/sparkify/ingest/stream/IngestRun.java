package io.sparkify.ingest.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running ingest queries: wait for them, or stop them between micro-batches. */
public final class IngestRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestRun.class);
    private static final long POLL_MS = 5;

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
        while (queries.stream().anyMatch(StreamingQuery::isActive)) {
            for (StreamingQuery q : queries) {
                try {
                    q.awaitTermination(200);
                } catch (StreamingQueryException e) {
                    stopAll();
                    throw new IllegalStateException("ingest query " + q.name() + " failed: " + e.getMessage(), e);
                }
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
     * finished (at once if it was idle), waiting at most {@code timeout}. A query that is behind
     * starts its next batch right after the previous one; that new batch is stopped within
     * milliseconds of its start, before it wrote anything, and re-runs on restart. A batch still
     * running at the timeout is interrupted: also safe (its files are not in the sink log), only wasted.
     */
    public void stopGracefully(Duration timeout) {
        long[] runningAtCall = new long[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            StreamingQuery q = queries.get(i);
            runningAtCall[i] = q.lastProgress() == null ? -1 : q.lastProgress().batchId();
            if (q.isActive() && q.status().isTriggerActive()) {
                LOG.info("stopping {} after its running micro-batch", q.name());
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

    private static void stop(StreamingQuery q) {
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
