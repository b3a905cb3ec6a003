package io.sparkify.ingest.cli;

import io.sparkify.cli.DurationConverter;
import io.sparkify.cli.ExitCodes;
import io.sparkify.error.InvalidInputException;
import io.sparkify.ingest.stream.IngestRun;
import io.sparkify.ingest.stream.IngestService;
import io.sparkify.ingest.stream.IngestSettings;
import io.sparkify.ingest.stream.IngestSummary;
import io.sparkify.ingest.stream.IngestTrigger;
import io.sparkify.model.json.EventCodec;
import io.sparkify.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify ingest}: the Kafka topic into the lake, exactly once, until stopped or drained. */
@Command(name = "ingest",
        description = {"Stream the topic into the Delta lake: valid events to <lake>/events (partitioned by "
                + "event_date), rejected records to <lake>/quarantine, each Kafka record exactly once, across "
                + "restarts and crashes (Delta sink: a micro-batch is one commit of the table, keyed by the checkpoint).",
                "To stop: create the --stop-file (default <checkpoint>/STOP; exit 0), or send SIGTERM/Ctrl-C (exit 143/130); "
                + "either lets the running micro-batch finish and commit first.",
                "Exit codes: 0 drained (available-now) or stopped by the stop file, 1 a query failed, 2 bad usage, "
                + "unknown topic or a checkpoint that does not match the lake, 3 brokers unreachable, "
                + "128+signal after a signal."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class IngestCommand implements Callable<Integer> {

    /** Above Spark's own shutdown hook (which stops the SparkContext), so the batch can finish first. */
    private static final int SHUTDOWN_PRIORITY = 100;
    static final String DEFAULT_STOP_FILE = "STOP";
    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka brokers. Default: conf kafka.bootstrap.servers.")
    String bootstrapServers;

    @Option(names = "--topic", description = "Topic to ingest. Default: conf kafka.topic.")
    String topic;

    @Option(names = "--lake", paramLabel = "URI", description = "Lake root, any Hadoop URI (file:///..., hdfs://nn:8020/...). Default: conf lake.uri.")
    String lake;

    @Option(names = "--checkpoint", paramLabel = "URI", description = "Checkpoint root (never deleted by the job). Default: <lake>/_checkpoints/ingest.")
    String checkpoint;

    @Option(names = "--starting-offsets", paramLabel = "earliest|latest", description = "Where a new checkpoint starts; a restart always resumes from its checkpoint. Default: conf ingest.starting.offsets.")
    String startingOffsets;

    @Option(names = "--max-offsets-per-trigger", paramLabel = "N", description = "At most N records per micro-batch. Default: no limit.")
    Long maxOffsetsPerTrigger;

    @Option(names = "--trigger", paramLabel = "processing-time=<n>s|available-now", description = "processing-time=10s runs until stopped; available-now drains the topic and exits. Default: conf ingest.trigger.")
    String trigger;

    @Option(names = "--master", description = "Spark master when run from the launcher (ignored under spark-submit). Default: conf spark.master.")
    String master;

    @Option(names = "--client-config", paramLabel = "FILE", description = "Kafka client properties shared by every command (security, tuning). Default: conf kafka.client.config.")
    String clientConfig;

    @Option(names = "--consumer-config", paramLabel = "FILE", description = "More Kafka consumer properties for this job; override --client-config.")
    Path consumerConfig;

    @Option(names = "--kafka-option", paramLabel = "KEY=VALUE", description = "One Kafka consumer property (repeatable), e.g. security.protocol=SASL_SSL; overrides the files.")
    Map<String, String> kafkaOptions;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class, description = "How long to wait for the brokers before giving up (exit 3). Default: conf kafka.connect.timeout.")
    Duration connectTimeout;

    @Option(names = "--max-records-per-file", paramLabel = "N", description = "Rows per parquet file at most. Default: ${DEFAULT-VALUE}.")
    long maxRecordsPerFile = IngestSettings.DEFAULT_MAX_RECORDS_PER_FILE;

    @Option(names = "--max-value-bytes", paramLabel = "N", description = "Longer record values are quarantined as line_too_long. Default: ${DEFAULT-VALUE}.")
    int maxValueBytes = EventCodec.DEFAULT_MAX_LINE_BYTES;

    @Option(names = "--stop-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m", description = "On a stop request (stop file, SIGTERM), how long to wait for the running micro-batch. Default: ${DEFAULT-VALUE}.")
    Duration stopTimeout;

    @Option(names = "--stop-file", paramLabel = "URI", description = "When this file exists the job stops after its running micro-batch, deletes the file and exits 0 (graceful stop on YARN). Default: <checkpoint>/STOP.")
    String stopFile;

    @Override
    public Integer call() {
        IngestSettings settings = settings();
        SparkSession spark = SparkSessions.create("sparkify-ingest", master);
        StopFile stop = new StopFile(stopFile == null || stopFile.isBlank() ? settings.checkpoint() + "/" + DEFAULT_STOP_FILE
                : LakeUris.qualify(stopFile), spark.sparkContext().hadoopConfiguration());
        IngestRun run = new IngestService(spark, settings).start();
        // A signal makes the JVM exit with 128+signal whatever happens here; the hook only makes the
        // stop graceful (the running micro-batch commits) before Spark's own hook stops the context.
        Runnable gracefulStop = () -> {
            LOG.info("shutdown requested (SIGTERM/SIGINT): stopping after the running micro-batches");
            run.stopGracefully(stopTimeout);
        };
        ShutdownHookManager.get().addShutdownHook(gracefulStop, SHUTDOWN_PRIORITY,
                stopTimeout.toSeconds() + 30, TimeUnit.SECONDS);
        IngestSummary summary;
        boolean signalled;
        try {
            summary = run.awaitCompletion(stop::requested, stopTimeout);
        } finally {
            signalled = ShutdownHookManager.get().isShutdownInProgress();
            if (!signalled) {
                ShutdownHookManager.get().removeShutdownHook(gracefulStop);
            }
            run.close();
        }
        // During a shutdown the file systems are closing: the stop file is not ours to look at then.
        boolean byStopFile = !signalled && stop.requested();
        if (byStopFile) {
            stop.consume();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("ingest: %,d records in %,d micro-batches from topic %s into %s; %,d records behind the topic end%s%n",
                summary.records(), summary.batches(), settings.topic(), settings.lake().root(), summary.behind(),
                byStopFile ? "; stopped by " + stop.path() : signalled ? "; stopped by a signal" : "");
        out.flush();
        return ExitCodes.OK;
    }

    IngestSettings settings() {
        try {
            return IngestSettings.builder(bootstrapServers, topic, LakeUris.qualify(lake))
                    .checkpoint(LakeUris.qualify(checkpoint))
                    .startingOffsets(startingOffsets)
                    .maxOffsetsPerTrigger(maxOffsetsPerTrigger)
                    .trigger(trigger == null ? null : IngestTrigger.parse(trigger))
                    .kafkaClientProperties(KafkaClientProperties.resolve(clientConfig, consumerConfig, kafkaOptions))
                    .maxRecordsPerFile(maxRecordsPerFile)
                    .maxValueBytes(maxValueBytes)
                    .connectTimeout(connectTimeout)
                    .build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }
}
