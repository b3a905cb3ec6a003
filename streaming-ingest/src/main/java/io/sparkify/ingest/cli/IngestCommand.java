package io.sparkify.ingest.cli;

import io.sparkify.cli.DurationConverter;
import io.sparkify.cli.ExitCodes;
import io.sparkify.cli.UserException;
import io.sparkify.ingest.stream.IngestRun;
import io.sparkify.ingest.stream.IngestService;
import io.sparkify.ingest.stream.IngestSettings;
import io.sparkify.ingest.stream.IngestSummary;
import io.sparkify.ingest.stream.IngestTrigger;
import io.sparkify.lake.LakeLayout;
import io.sparkify.model.json.EventCodec;
import io.sparkify.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify ingest}: the Kafka topic into the lake, exactly once, until stopped or drained. */
@Command(name = "ingest",
        description = {"Stream the topic into the parquet lake: valid events to <lake>/events (partitioned by "
                + "event_date), rejected records to <lake>/quarantine, each Kafka record exactly once, across "
                + "restarts and crashes (Spark file sink + checkpoint).",
                "SIGTERM (Ctrl-C) lets the running micro-batch finish, then stops. Exit codes: 0 done or stopped, "
                + "1 a query failed, 2 bad usage or unknown topic, 3 brokers unreachable."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class IngestCommand implements Callable<Integer> {

    /** Above Spark's own shutdown hook (which stops the SparkContext), so the batch can finish first. */
    private static final int SHUTDOWN_PRIORITY = 100;

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

    @Option(names = "--stop-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m", description = "On SIGTERM, how long to wait for the running micro-batch. Default: ${DEFAULT-VALUE}.")
    Duration stopTimeout;

    @Override
    public Integer call() {
        IngestSettings settings = settings();
        SparkSession spark = SparkSessions.create("sparkify-ingest", master);
        IngestRun run = new IngestService(spark, settings).start();
        Runnable gracefulStop = () -> run.stopGracefully(stopTimeout);
        ShutdownHookManager.get().addShutdownHook(gracefulStop, SHUTDOWN_PRIORITY,
                stopTimeout.toSeconds() + 30, TimeUnit.SECONDS);
        IngestSummary summary;
        try {
            summary = run.awaitCompletion();
        } finally {
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
                ShutdownHookManager.get().removeShutdownHook(gracefulStop);
            }
            run.close();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("ingest: %,d records in %,d micro-batches from topic %s into %s; %,d records behind the topic end%n",
                summary.records(), summary.batches(), settings.topic(), settings.lake().root(), summary.behind());
        out.flush();
        return ExitCodes.OK;
    }

    IngestSettings settings() {
        try {
            return new IngestSettings(bootstrapServers, topic, new LakeLayout(LakeUris.qualify(lake)), LakeUris.qualify(checkpoint), startingOffsets,
                    maxOffsetsPerTrigger == null ? OptionalLong.empty() : OptionalLong.of(maxOffsetsPerTrigger),
                    IngestTrigger.parse(trigger),
                    KafkaClientProperties.resolve(clientConfig, consumerConfig, kafkaOptions),
                    maxRecordsPerFile, maxValueBytes, connectTimeout);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
