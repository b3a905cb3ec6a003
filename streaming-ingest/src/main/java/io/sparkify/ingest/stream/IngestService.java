package io.sparkify.ingest.stream;

import static org.apache.spark.sql.functions.col;

import io.sparkify.ingest.lake.LakeFrames;
import io.sparkify.lake.LakeLayout;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a Kafka topic into the lake with two queries over the same topic: valid events to
 * {@code <lake>/events} and rejects to {@code <lake>/quarantine}. Each is a parquet file sink
 * with its own checkpoint, so each writes every Kafka offset exactly once (a batch's files become
 * visible only when the sink's {@code _spark_metadata} log records it, and a replayed batch is
 * skipped); both run the same codec, so a record is either valid (events) or not (quarantine).
 * Nothing here deletes a checkpoint.
 */
public final class IngestService {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final SparkSession spark;
    private final IngestSettings settings;

    public IngestService(SparkSession spark, IngestSettings settings) {
        this.spark = spark;
        this.settings = settings;
    }

    /** Starts both queries and returns at once; the caller awaits or stops the returned run. */
    public IngestRun start() {
        KafkaSource.checkTopic(settings);
        ProgressLog progress = new ProgressLog();
        spark.streams().addListener(progress);
        try {
            Dataset<Row> decodedForEvents = LakeFrames.decode(
                    KafkaSource.reader(spark, settings).load(), settings.maxValueBytes());
            Dataset<Row> decodedForQuarantine = LakeFrames.decode(
                    KafkaSource.reader(spark, settings).load(), settings.maxValueBytes());
            LakeLayout lake = settings.lake();
            // One task per event day: a micro-batch writes one file per day (more only past maxRecordsPerFile).
            StreamingQuery events = LakeFrames.events(decodedForEvents)
                    .repartition(col(LakeLayout.EVENT_DATE))
                    .writeStream()
                    .queryName("ingest-events")
                    .format("parquet")
                    .outputMode("append")
                    .partitionBy(LakeLayout.EVENT_DATE)
                    .option("path", lake.events())
                    .option("checkpointLocation", settings.eventsCheckpoint())
                    .option("maxRecordsPerFile", settings.maxRecordsPerFile())
                    .trigger(settings.trigger().toSpark())
                    .start();
            progress.track(events.id(), "events");
            StreamingQuery quarantine = LakeFrames.quarantine(decodedForQuarantine)
                    .repartition(col(LakeLayout.QUARANTINE_DATE))
                    .writeStream()
                    .queryName("ingest-quarantine")
                    .format("parquet")
                    .outputMode("append")
                    .partitionBy(LakeLayout.QUARANTINE_DATE)
                    .option("path", lake.quarantine())
                    .option("checkpointLocation", settings.quarantineCheckpoint())
                    .option("maxRecordsPerFile", settings.maxRecordsPerFile())
                    .trigger(settings.trigger().toSpark())
                    .start();
            progress.track(quarantine.id(), "quarantine");
            LOG.info("ingesting topic {} from {} into {} (checkpoint {}, trigger {})", settings.topic(),
                    settings.bootstrapServers(), lake.root(), settings.checkpoint(), settings.trigger());
            return new IngestRun(spark, progress, List.of(events, quarantine));
        } catch (TimeoutException e) {
            spark.streams().removeListener(progress);
            throw new IllegalStateException("streaming query did not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            spark.streams().removeListener(progress);
            throw e;
        }
    }

    /** Starts, then waits until the queries end: available-now drains the topic; processing-time runs until stopped. */
    public IngestSummary run() {
        try (IngestRun run = start()) {
            return run.awaitCompletion();
        }
    }
}
