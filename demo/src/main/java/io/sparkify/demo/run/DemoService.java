package io.sparkify.demo.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.model.Grid;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.churn.report.ReportOptions;
import io.sparkify.churn.report.ReportService;
import io.sparkify.churn.report.ReportSummary;
import io.sparkify.churn.score.ScoreResult;
import io.sparkify.churn.score.ScoreService;
import io.sparkify.churn.train.TrainResult;
import io.sparkify.churn.train.TrainService;
import io.sparkify.churn.train.TrainSettings;
import io.sparkify.config.ConfigKey;
import io.sparkify.error.InvalidInputException;
import io.sparkify.ingest.stream.IngestRun;
import io.sparkify.ingest.stream.IngestService;
import io.sparkify.ingest.stream.IngestSettings;
import io.sparkify.ingest.stream.IngestTrigger;
import io.sparkify.kafka.local.BrokerSettings;
import io.sparkify.kafka.local.LocalKafkaBroker;
import io.sparkify.producer.kafka.ClientConfig;
import io.sparkify.producer.kafka.KafkaAdmin;
import io.sparkify.producer.kafka.TopicEnsurer;
import io.sparkify.producer.kafka.TopicSpec;
import io.sparkify.producer.progress.ProgressReporter;
import io.sparkify.producer.replay.LiveCounters;
import io.sparkify.producer.replay.Pacing;
import io.sparkify.producer.replay.ReplayService;
import io.sparkify.producer.replay.ReplaySettings;
import io.sparkify.producer.replay.ReplaySummary;
import io.sparkify.producer.replay.StopSignal;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The whole pipeline on this machine, in one JVM and one SparkSession, through the other modules'
 * own services: the local broker (local-kafka), the replay (producer), the streaming ingest
 * (streaming-ingest), training with the champion/challenger rule, scoring and the report
 * (churn-batch). Nothing here re-implements a stage; it wires them and checks that the lake
 * accounts for every record the topic holds.
 */
public final class DemoService {

    static final int STAGES = 6;
    /** With --speedup the ingest streams while the replay runs, one micro-batch this often. */
    static final Duration STREAMING_TRIGGER = Duration.ofSeconds(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final SparkSession spark;
    private final PrintWriter progress;

    /** @param progress where stage lines and notices go (stderr from the CLI) */
    public DemoService(SparkSession spark, PrintWriter progress) {
        this.spark = spark;
        this.progress = progress;
    }

    public DemoSummary run(DemoSettings s) {
        if (!Files.isRegularFile(s.data())) {
            throw new InvalidInputException("--data " + s.data() + ": no such file");
        }
        DemoState state = new DemoState(s, spark.sparkContext().hadoopConfiguration());
        if (s.fresh()) {
            List<String> removed = state.wipe();
            progress.println(removed.isEmpty() ? "fresh: no previous state to remove"
                    : "fresh: removed " + String.join(", ", removed));
            progress.flush();
        }
        state.checkBeforeStart();

        Stages stages = new Stages(progress, STAGES);
        Replayed replayed;
        LakeCounts lake;
        // The broker lives for the replay and the ingest only; training does not need it.
        try (LocalKafkaBroker broker = stages.run("broker", "starting the local Kafka broker (data in " + s.brokerDir() + ")",
                () -> new LocalKafkaBroker(new BrokerSettings(s.port(), s.brokerDir(), false)).start(),
                LocalKafkaBroker::bootstrapServers)) {
            String bootstrap = broker.bootstrapServers();
            IngestSettings ingestSettings = IngestSettings.of(bootstrap, s.topic(), s.lake().root(), IngestTrigger.availableNow());

            String doing = s.speedup().isPresent()
                    ? String.format(Locale.ROOT, "replaying %s into topic %s at %sx event time; the ingest streams it "
                            + "into the lake meanwhile", s.data(), s.topic(), s.speedup().getAsDouble())
                    : "replaying " + s.data() + " into topic " + s.topic() + " at full speed";
            replayed = stages.run("replay", doing, () -> replay(s, state, bootstrap, ingestSettings),
                    r -> describe(r.summary()));
            IngestRun streaming = replayed.streaming();
            DemoSummary.Replay replay = replayed.summary();
            lake = stages.run("ingest", "streaming topic " + s.topic() + " into the lake " + s.lake().root(),
                    () -> ingest(streaming, ingestSettings, replay),
                    c -> String.format(Locale.ROOT, "%,d events, %,d quarantined; %s", c.events(), c.quarantined(),
                            LineAccounting.of(replay, c).equation()));
        }
        return churn(s, stages, replayed.summary(), lake);
    }

    /** What the replay stage did, and the ingest it left running when it streams (--speedup). */
    private record Replayed(DemoSummary.Replay summary, IngestRun streaming) {
    }

    private Replayed replay(DemoSettings s, DemoState state, String bootstrap, IngestSettings ingestSettings)
            throws Exception {
        long before = TopicRecords.count(bootstrap, s.topic());
        boolean streams = s.speedup().isPresent();
        Optional<DemoSummary.Replay> previous = state.previousReplay(before);
        if (previous.isPresent()) {
            return new Replayed(previous.get(), null);
        }
        TopicSpec topic = new TopicSpec(s.topic(), s.partitions(), (short) 1);
        ClientConfig client = ClientConfig.of(bootstrap);
        IngestRun streaming = null;
        if (streams) {
            // The ingest runs before the first event is sent (and needs the topic to exist for that).
            try (KafkaAdmin admin = KafkaAdmin.connect(client, ConfigKey.KAFKA_CONNECT_TIMEOUT.defaultDuration())) {
                new TopicEnsurer(admin, this::notice).ensure(topic);
            }
            streaming = new IngestService(spark, ingestSettings.withTrigger(IngestTrigger.every(STREAMING_TRIGGER))).start();
        }
        try {
            ReplaySettings settings = ReplaySettings.of(s.data().toString(), topic, client, s.rejectsFile())
                    .withRaw(s.raw())
                    .withPacing(streams ? new Pacing.Speedup(s.speedup().getAsDouble()) : new Pacing.FullSpeed());
            LiveCounters live = new LiveCounters();
            ReplaySummary r;
            ProgressReporter bar = ProgressReporter.start(live);
            try {
                r = new ReplayService(this::notice).run(settings, new StopSignal(), live);
            } finally {
                bar.close();
            }
            if (r.readError().isPresent()) {
                // A demo over part of a file would report numbers about a file it did not read.
                throw new IllegalStateException(r.readError().get() + " (" + r.sent() + " events were sent before it)");
            }
            if (r.failed() > 0) {
                throw new IllegalStateException(r.failed() + " deliveries failed"
                        + r.firstFailure().map(f -> " (first: " + f + ")").orElse(""));
            }
            long after = TopicRecords.count(bootstrap, s.topic());
            if (after != r.sent()) {
                throw new IllegalStateException("the topic holds " + after + " records after " + r.sent() + " were sent");
            }
            DemoSummary.Replay replay = new DemoSummary.Replay(false, r.read(), r.sent(), r.rejected(), r.blank(), after,
                    r.rejectsFile().toString());
            state.writeRecord(replay);
            return new Replayed(replay, streaming);
        } catch (Exception | Error e) {
            if (streaming != null) {
                streaming.close();
            }
            throw e;
        }
    }

    private LakeCounts ingest(IngestRun streaming, IngestSettings settings, DemoSummary.Replay replay) throws Exception {
        if (streaming != null) {
            // The replay is done: let the running queries catch up with the topic's end, then stop between batches.
            try (IngestRun run = streaming) {
                for (StreamingQuery q : run.queries()) {
                    q.processAllAvailable();
                }
                run.stopGracefully(STOP_TIMEOUT);
            }
        } else {
            new IngestService(spark, settings).run();
        }
        LakeCounts counts = LakeCounts.read(spark, settings.lake());
        if (counts.total() != replay.topicRecords()) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "the lake holds %,d events + %,d quarantined = %,d rows, but the topic holds %,d records",
                    counts.events(), counts.quarantined(), counts.total(), replay.topicRecords()));
        }
        // The file's side: what the producer kept out of Kafka closes the count of its lines.
        LineAccounting.of(replay, counts).check();
        return counts;
    }

    private DemoSummary churn(DemoSettings s, Stages stages, DemoSummary.Replay replay, LakeCounts lake) {
        ModelRegistry registry = new ModelRegistry(s.models(), spark.sparkContext().hadoopConfiguration());
        TrainSettings trainSettings = s.quick()
                ? TrainSettings.defaults().withGrid(Grid.QUICK).withClassic(false)
                : TrainSettings.defaults();
        LoadedEvents events = EventSource.load(spark, s.lake().root());
        try {
            TrainResult trained = stages.run("train",
                    "features, " + (s.quick() ? "quick forward evaluation" : "rolling-origin forward evaluation")
                            + " of " + trainSettings.models().size() + " model families; registry " + s.models(),
                    () -> new TrainService(Clock.systemUTC()).train(events, trainSettings, registry),
                    t -> t.version() + " " + (t.decision().promoted() ? "promoted to champion" : "not promoted")
                            + ": " + t.decision().reason());
            ScoreResult scored = stages.run("score", "scoring active users with the champion into " + s.scores(),
                    () -> ScoreService.score(events, registry, s.scores(), s.top()),
                    r -> String.format(Locale.ROOT, "%,d users: %s", r.users(), r.bands()));
            ReportSummary report = stages.run("report", "writing " + s.report(),
                    () -> new ReportService(spark).run(new ReportOptions(s.lake().root(), s.models(), s.report(), true)),
                    ReportSummary::describe);

            return new DemoSummary(s.data().toString(), replay, s.lake().root(), lake,
                    new DemoSummary.Training(trained.version(), trained.decision().promoted(), trained.decision().reason()),
                    champion(registry, trained.champion()), scored.users(), scored.top(), report.out(), stages.timings());
        } finally {
            events.release();
        }
    }

    /** The champion's forward test metrics, from its metrics.json in the registry. */
    static DemoSummary.Champion champion(ModelRegistry registry, String version) {
        JsonNode metrics = registry.metrics(version);
        JsonNode cand = metrics.path("champion_candidate");
        String model = cand.path("model").asText();
        JsonNode forward = metrics.path("evaluations").path("forward").path("models").path(model).path("metrics");
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("auc_roc", number(cand, "auc_roc"));
        m.put("auc_pr", number(cand, "auc_pr"));
        m.put("base_rate", number(cand, "test_base_rate"));
        for (String k : List.of("precision", "recall", "f1", "weighted_f1", "accuracy")) {
            m.put(k, number(forward, k));
        }
        // Pooled rolling-origin figures with their intervals, beside the activity_rate rule on the same rows.
        JsonNode pooled = cand.path("pooled");
        JsonNode activity = metrics.path("evaluations").path("forward").path("baselines").path("activity_rate").path("pooled");
        for (String k : List.of("auc_roc", "auc_pr")) {
            m.put("pooled_" + k, number(pooled, k));
            m.put("pooled_" + k + "_lo", number(pooled.path(k + "_ci"), 0));
            m.put("pooled_" + k + "_hi", number(pooled.path(k + "_ci"), 1));
            m.put("activity_rate_" + k, number(activity, k));
            m.put("activity_rate_" + k + "_lo", number(activity.path(k + "_ci"), 0));
            m.put("activity_rate_" + k + "_hi", number(activity.path(k + "_ci"), 1));
        }
        m.put("pooled_rows", number(pooled, "rows"));
        m.put("pooled_positives", number(pooled, "positives"));
        return new DemoSummary.Champion(version, cand.path("name").asText(model), m);
    }

    private static Double number(JsonNode array, int i) {
        JsonNode v = array.path(i);
        return v.isNumber() ? v.asDouble() : null;
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? v.asDouble() : null;
    }

    private static String describe(DemoSummary.Replay r) {
        if (r.skipped()) {
            return String.format(Locale.ROOT, "skipped: the topic already holds the %,d records of the previous run's replay "
                    + "(%,d lines: %,d rejected, %,d blank)", r.topicRecords(), r.linesRead(), r.rejected(), r.blank());
        }
        return String.format(Locale.ROOT, "%,d lines read, %,d sent, %,d rejected, %,d blank", r.linesRead(), r.sent(),
                r.rejected(), r.blank());
    }

    private void notice(String message) {
        progress.println("      " + message);
        progress.flush();
    }
}
