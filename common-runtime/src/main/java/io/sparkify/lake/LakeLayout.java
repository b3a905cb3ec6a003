package io.sparkify.lake;

/**
 * Where things live under a lake root (any Hadoop URI) and the columns the ingest job adds to
 * each event. The ingest job writes this layout; the churn job, the report and {@code sql} read it.
 */
public record LakeLayout(String root) {

    /** Delta table of valid events, partitioned by {@link #EVENT_DATE}. */
    public static final String EVENTS_DIR = "events";
    /** Delta table of records that failed validation, partitioned by {@link #QUARANTINE_DATE}. */
    public static final String QUARANTINE_DIR = "quarantine";
    public static final String CHECKPOINTS_DIR = "_checkpoints";

    /** UTC day of the event's {@code ts}, yyyy-MM-dd: the partition column of {@code events}. */
    public static final String EVENT_DATE = "event_date";
    /** UTC day the record was ingested: the partition column of {@code quarantine}. */
    public static final String QUARANTINE_DATE = "ingest_date";
    public static final String KAFKA_TOPIC = "kafka_topic";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String INGESTED_AT = "ingested_at";
    /** Quarantine columns besides the Kafka coordinates. */
    public static final String RAW_VALUE = "raw_value";
    public static final String REASON = "reason";
    public static final String DETAIL = "detail";

    public LakeLayout {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("lake URI is empty");
        }
        while (root.length() > 1 && root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
    }

    public String events() {
        return root + "/" + EVENTS_DIR;
    }

    public String quarantine() {
        return root + "/" + QUARANTINE_DIR;
    }

    /** The default checkpoint location of a streaming job, e.g. {@code <lake>/_checkpoints/ingest}. */
    public String checkpoint(String job) {
        return root + "/" + CHECKPOINTS_DIR + "/" + job;
    }
}
