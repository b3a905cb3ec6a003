package io.sparkify.ingest.stream;

import static org.apache.spark.sql.functions.col;

import io.sparkify.ingest.lake.LakeFrames;
import io.sparkify.ingest.lake.LakeTables;
import io.sparkify.ingest.lake.TableProperties;
import io.sparkify.lake.LakeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a Kafka topic into the lake with two queries over the same topic: valid events to
 * {@code <lake>/events} and rejects to {@code <lake>/quarantine}. Each is Delta's streaming sink
 * with its own checkpoint, so each writes every Kafka offset exactly once for every reader of the
 * Delta log (a batch's files become part of the table only with its commit, and the commit
 * carries the transaction id {@code (query id, batch id)}, so a replayed batch is skipped); files
 * of a killed batch are in no version, and {@code vacuum} removes them. Both queries run the same
 * codec from the same starting offsets, so a record is either valid (events) or not
 * (quarantine). Nothing here deletes a checkpoint.
 */
public final class IngestService {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final SparkSession spark;
    private final IngestSettings settings;
    private final Consumer<String> progressLines;

    public IngestService(SparkSession spark, IngestSettings settings) {
        this(spark, settings, null);
    }

    /** @param progressLines where the per-micro-batch progress lines go; null for the log */
    public IngestService(SparkSession spark, IngestSettings settings, Consumer<String> progressLines) {
        this.spark = spark;
        this.settings = settings;
        this.progressLines = progressLines;
    }

    /**
     * Checks the lake against the checkpoints and the topic, resolves the starting offsets, then
     * starts both queries and returns at once; the caller awaits or stops the returned run.
     *
     * @throws io.sparkify.error.InvalidInputException for an unknown topic or a checkpoint that does
     *     not match its table
     * @throws io.sparkify.error.ServiceUnavailableException for brokers that do not answer within
     *     the connect timeout
     */
    public IngestRun start() {
        LakeLayout lake = settings.lake();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<QueryState> states = List.of(
                QueryState.read(LakeLayout.EVENTS_DIR, lake.events(), settings.eventsCheckpoint(), spark),
                QueryState.read(LakeLayout.QUARANTINE_DIR, lake.quarantine(), settings.quarantineCheckpoint(), spark));
        CheckpointGuard.check(states);
        Map<String, String> client = KafkaSource.clientProperties(settings);
        String startingOffsets;
        try (TopicAdmin admin = TopicAdmin.connect(settings, client)) {
            startingOffsets = StartingOffsets.forRun(settings, states, admin, admin.partitions(), conf);
        }
        Map<String, String> options = KafkaSource.options(settings, client, startingOffsets);
        // Created before the first batch, so the table properties are in version 0 and a quiet
        // quarantine is an empty table rather than a missing one.
        LakeTables.createIfMissing(spark, lake, TableProperties.defaults());

        ProgressLog progress = progressLines == null ? new ProgressLog() : new ProgressLog(progressLines);
        spark.streams().addListener(progress);
        List<StreamingQuery> started = new ArrayList<>();
        try {
            StreamingQuery events = startEvents(options);
            started.add(events);
            progress.track(events.id(), LakeLayout.EVENTS_DIR);
            StreamingQuery quarantine = startQuarantine(options);
            started.add(quarantine);
            progress.track(quarantine.id(), LakeLayout.QUARANTINE_DIR);
            LOG.info("ingesting topic {} from {} into {} (checkpoint {}, trigger {}, starting offsets {})",
                    settings.topic(), settings.bootstrapServers(), lake.root(), settings.checkpoint(),
                    settings.trigger(), startingOffsets);
            return new IngestRun(spark, progress, started);
        } catch (Exception e) {
            // Never leave one query running alone: its table would advance without its partner.
            // (Spark also throws checked Hadoop exceptions undeclared, hence Exception.)
            started.forEach(IngestRun::stop);
            spark.streams().removeListener(progress);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("streaming query did not start: " + e, e);
        }
    }

    /** Starts, then waits until the queries end: available-now drains the topic; processing-time runs until stopped. */
    public IngestSummary run() {
        try (IngestRun run = start()) {
            return run.awaitCompletion();
        }
    }

    private StreamingQuery startEvents(Map<String, String> options) throws TimeoutException {
        return eventsWriter(KafkaSource.reader(spark, options).load(), settings).start();
    }

    private StreamingQuery startQuarantine(Map<String, String> options) throws TimeoutException {
        return quarantineWriter(KafkaSource.reader(spark, options).load(), settings).start();
    }

    /**
     * The events query of the job, not started: records with the Kafka source's columns ({@code topic,
     * partition, offset, timestamp, value}) decoded, the valid ones written to {@code <lake>/events} by
     * event day under the events checkpoint. The job feeds it Kafka; a test can feed it a MemoryStream.
     */
    public static DataStreamWriter<Row> eventsWriter(Dataset<Row> records, IngestSettings settings) {
        Dataset<Row> decoded = LakeFrames.decode(records, settings.maxValueBytes());
        // One task per event day: a micro-batch writes one file per day (more only past maxRecordsPerFile).
        return LakeFrames.events(decoded)
                .repartition(col(LakeLayout.EVENT_DATE))
                .writeStream()
                .queryName("ingest-events")
                .format("delta")
                .outputMode("append")
                .partitionBy(LakeLayout.EVENT_DATE)
                .option("path", settings.lake().events())
                .option("checkpointLocation", settings.eventsCheckpoint())
                .option("maxRecordsPerFile", settings.maxRecordsPerFile())
                .trigger(settings.trigger().toSpark());
    }

    /** The quarantine query of the job, not started: as {@link #eventsWriter}, the rejected records to {@code <lake>/quarantine}. */
    public static DataStreamWriter<Row> quarantineWriter(Dataset<Row> records, IngestSettings settings) {
        Dataset<Row> decoded = LakeFrames.decode(records, settings.maxValueBytes());
        return LakeFrames.quarantine(decoded)
                .repartition(col(LakeLayout.QUARANTINE_DATE))
                .writeStream()
                .queryName("ingest-quarantine")
                .format("delta")
                .outputMode("append")
                .partitionBy(LakeLayout.QUARANTINE_DATE)
                .option("path", settings.lake().quarantine())
                .option("checkpointLocation", settings.quarantineCheckpoint())
                .option("maxRecordsPerFile", settings.maxRecordsPerFile())
                .trigger(settings.trigger().toSpark());
    }
}
