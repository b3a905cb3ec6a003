package io.sparkify.ingest.lake;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Delta table properties the ingest sets when it creates the lake's tables. They are
 * Delta's own keys, so Delta (and every Delta reader) enforces them; change one later with
 * {@code ALTER TABLE delta.`<uri>` SET TBLPROPERTIES (...)} through {@code ./sparkify sql}.
 * See "Retention" in docs/ingest.md.
 */
public final class TableProperties {

    /**
     * How long the transaction log keeps a version's entries, hence how far back time travel
     * ({@code train --as-of-version}) reaches. Delta's default; kept explicit because model
     * reproduction depends on it.
     */
    public static final String LOG_RETENTION = "delta.logRetentionDuration";
    public static final String LOG_RETENTION_DEFAULT = "interval 30 days";
    /**
     * Commits between two log checkpoints (parquet summaries of the log). A streaming ingest
     * commits once per micro-batch and table (8,640 a day at 10 s), and a reader replays at most
     * this many JSON commits after the last checkpoint.
     */
    public static final String CHECKPOINT_INTERVAL = "delta.checkpointInterval";
    public static final String CHECKPOINT_INTERVAL_DEFAULT = "50";
    /**
     * How long a file that no version needs any more (replaced by OPTIMIZE, or written by a killed
     * batch) stays before {@code vacuum} may delete it: longer than the longest query or stream
     * that reads an older version.
     */
    public static final String DELETED_FILE_RETENTION = "delta.deletedFileRetentionDuration";
    public static final String DELETED_FILE_RETENTION_DEFAULT = "interval 7 days";

    private TableProperties() {
    }

    public static Map<String, String> defaults() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(LOG_RETENTION, LOG_RETENTION_DEFAULT);
        p.put(CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL_DEFAULT);
        p.put(DELETED_FILE_RETENTION, DELETED_FILE_RETENTION_DEFAULT);
        return p;
    }
}
