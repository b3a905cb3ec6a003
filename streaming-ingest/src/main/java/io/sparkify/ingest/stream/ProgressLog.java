package io.sparkify.ingest.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per micro-batch of the ingest queries (rows, rows/s, batch duration, records
 * behind the topic end) and keeps per-query totals for the run's summary. Only queries
 * registered with {@link #track} are reported: other queries of the session are not ours.
 */
public final class ProgressLog extends StreamingQueryListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<UUID, Totals> tracked = new ConcurrentHashMap<>();
    private final Consumer<String> lines;

    /** Progress lines go to the log (stderr), INFO. */
    public ProgressLog() {
        this(LOG::info);
    }

    /** @param lines where each micro-batch's line goes (tests collect them) */
    public ProgressLog(Consumer<String> lines) {
        this.lines = lines;
    }

    /** Running totals of one query; updated from Spark's listener thread. */
    public static final class Totals {
        private final String label;
        private final AtomicLong batches = new AtomicLong();
        private final AtomicLong rows = new AtomicLong();
        private final AtomicLong lastBehind = new AtomicLong(-1);

        Totals(String label) {
            this.label = label;
        }

        public long batches() {
            return batches.get();
        }

        public long rows() {
            return rows.get();
        }

        /** Records between the last batch's end and the topic's latest offsets; -1 before the first batch. */
        public long behind() {
            return lastBehind.get();
        }

        public String label() {
            return label;
        }
    }

    Totals track(UUID queryId, String label) {
        return tracked.computeIfAbsent(queryId, id -> new Totals(label));
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        // The start is logged by the service, which knows the settings.
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress p = event.progress();
        Totals t = tracked.get(p.id());
        if (t == null) {
            return;
        }
        long behind = 0;
        for (SourceProgress s : p.sources()) {
            behind += recordsBehind(s.endOffset(), s.latestOffset());
        }
        Long triggerMs = p.durationMs().get("triggerExecution");
        if (p.numInputRows() == 0 && behind == 0 && t.batches() > 0) {
            // An idle processing-time trigger: nothing to say each interval.
            return;
        }
        t.batches.incrementAndGet();
        t.rows.addAndGet(p.numInputRows());
        t.lastBehind.set(behind);
        lines.accept(String.format(Locale.ROOT, "%s batch %d: %,d rows, %,.0f rows/s, %.2f s, %,d records behind the topic end",
                t.label, p.batchId(), p.numInputRows(), p.processedRowsPerSecond(),
                triggerMs == null ? 0.0 : triggerMs / 1000.0, behind));
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {
        // Idle triggers carry no rows.
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        Totals t = tracked.get(event.id());
        if (t != null && event.exception().isDefined()) {
            LOG.error("{} failed: {}", t.label, event.exception().get());
        }
    }

    /**
     * Sum over partitions of latest minus end offset, from the Kafka source's offset JSON
     * ({@code {"topic":{"0":123,"1":456}}}); 0 when either is missing.
     */
    static long recordsBehind(String endOffsetJson, String latestOffsetJson) {
        if (endOffsetJson == null || latestOffsetJson == null) {
            return 0;
        }
        try {
            JsonNode end = JSON.readTree(endOffsetJson);
            JsonNode latest = JSON.readTree(latestOffsetJson);
            long behind = 0;
            for (Iterator<Map.Entry<String, JsonNode>> topics = latest.properties().iterator(); topics.hasNext(); ) {
                Map.Entry<String, JsonNode> topic = topics.next();
                for (Iterator<Map.Entry<String, JsonNode>> parts = topic.getValue().properties().iterator();
                        parts.hasNext(); ) {
                    Map.Entry<String, JsonNode> part = parts.next();
                    JsonNode done = end.path(topic.getKey()).path(part.getKey());
                    long doneOffset = done.isNumber() ? done.asLong() : 0;
                    behind += Math.max(0, part.getValue().asLong() - doneOffset);
                }
            }
            return behind;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}
