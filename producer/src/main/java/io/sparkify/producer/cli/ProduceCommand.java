package io.sparkify.producer.cli;

import io.sparkify.cli.DurationConverter;
import io.sparkify.cli.ExitCodes;
import io.sparkify.error.InvalidInputException;
import io.sparkify.io.LogInput;
import io.sparkify.model.json.EventCodec;
import io.sparkify.producer.kafka.ClientConfig;
import io.sparkify.producer.kafka.TopicSpec;
import io.sparkify.producer.progress.ProgressReporter;
import io.sparkify.producer.replay.LiveCounters;
import io.sparkify.producer.replay.Pacing;
import io.sparkify.producer.replay.ReplayService;
import io.sparkify.producer.replay.ReplaySettings;
import io.sparkify.producer.replay.ReplaySummary;
import io.sparkify.producer.replay.StopSignal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify produce}: replays a log into a topic (thin: options to {@link ReplaySettings}, then {@link ReplayService}). */
@Command(name = "produce",
        description = {"Replay a .json or .json.gz event log (or standard input) into a Kafka topic.",
                "Each line is validated: valid events are sent as canonical JSON keyed by userId, bad lines are "
                        + "skipped, counted by reason and listed in the rejects file. Full speed unless "
                        + "--interval, --rate or --speedup is given. Creates the topic when it is missing.",
                "Exit codes: 0 every line sent, rejected or blank; 1 some deliveries failed, or the input could not "
                        + "be read to its end (the summary, printed first, says where); 2 bad usage or a file that cannot "
                        + "be opened; 3 Kafka not reachable within --connect-timeout."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class ProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "FILE",
            description = "The log: .json or .json.gz (gzip detected by content); '-' reads standard input.")
    String file;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PacingOptions pacing = new PacingOptions();

    static final class PacingOptions {
        @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Wait this long between messages (500ms, 1s, 2m...).")
        Duration interval;

        @Option(names = "--rate", paramLabel = "N", description = "Send N messages per second.")
        Double rate;

        @Option(names = "--speedup", paramLabel = "X",
                description = "Replay in event time: the gap between two events' ts divided by X (1 = real time, 3600 = an hour per second).")
        Double speedup;

        Pacing toPacing() {
            if (interval != null) {
                return new Pacing.Interval(interval);
            }
            if (rate != null) {
                return new Pacing.Rate(rate);
            }
            if (speedup != null) {
                return new Pacing.Speedup(speedup);
            }
            return new Pacing.FullSpeed();
        }
    }

    @Option(names = "--limit", paramLabel = "N", description = "Read at most N lines (after the skipped ones).")
    Long limit;

    @Option(names = "--skip", paramLabel = "N", description = "Pass over the first N lines of the input.")
    long skip;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers. Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME", description = "Topic to write to. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions if the topic is created. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replication factor if the topic is created. Default: ${DEFAULT-VALUE}.")
    short replicationFactor;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Properties file for every Kafka client (security.protocol, sasl.*, ssl.*...). Default: conf key kafka.client.config (none).")
    String clientConfig;

    @Option(names = "--producer-config", paramLabel = "FILE",
            description = "Properties file for the producer only; its settings win over the built-in tuning and --client-config.")
    Path producerConfig;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up (exit 3) when Kafka does not answer within this time. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Where rejected lines and failed deliveries are listed (TSV: line, reason, detail, text). "
                    + "Default: <work dir>/rejects/<input name>.rejects.tsv.")
    Path rejects;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Local working directory. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--raw", description = "Send every line byte for byte, unvalidated and without a key "
            + "(to test downstream validation, or for trusted upstreams). Only lines over --max-line-bytes are rejected.")
    boolean raw;

    @Option(names = "--max-line-bytes", paramLabel = "N", description = "Longer lines are rejected (line_too_long). Default: ${DEFAULT-VALUE}.")
    int maxLineBytes = EventCodec.DEFAULT_MAX_LINE_BYTES;

    @Option(names = "--json", description = "Print the summary as one JSON object on standard output.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar or progress log lines.")
    boolean noProgress;

    @Override
    public Integer call() {
        ReplaySettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StopSignal stop = new StopSignal();
        LiveCounters live = new LiveCounters();
        SignalStop onSignal = SignalStop.install(stop);
        try {
            ReplaySummary summary;
            try (ProgressReporter progress = noProgress ? null : ProgressReporter.start(live)) {
                summary = new ReplayService(msg -> {
                    err.println(msg);
                    err.flush();
                }).run(settings, stop, live);
            }
            out.println(json ? ReplaySummaryFormat.toJson(summary) : ReplaySummaryFormat.toText(summary));
            out.flush();
            summary.readError().ifPresent(e -> {
                err.println("error: " + e);
                err.flush();
            });
            return summary.incomplete() ? ExitCodes.FAILURE : ExitCodes.OK;
        } finally {
            onSignal.done();
        }
    }

    ReplaySettings settings() {
        try {
            return new ReplaySettings(file,
                    new TopicSpec(topic, partitions, replicationFactor),
                    ClientConfig.load(bootstrapServers, optionalPath(clientConfig), Optional.ofNullable(producerConfig)),
                    connectTimeout, pacing == null ? new Pacing.FullSpeed() : pacing.toPacing(), skip,
                    limit == null ? Long.MAX_VALUE : limit, raw,
                    rejects != null ? rejects : defaultRejects(workDir, file), maxLineBytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    /** {@code <work>/rejects/sparkify-events-100u.rejects.tsv} for {@code data/sparkify-events-100u.json.gz}. */
    static Path defaultRejects(Path workDir, String input) {
        String name = LogInput.STDIN.equals(input) ? "stdin" : Path.of(input).getFileName().toString();
        for (String suffix : new String[] {".gz", ".json", ".jsonl"}) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                name = name.substring(0, name.length() - suffix.length());
            }
        }
        return (workDir == null ? Path.of("work") : workDir).resolve("rejects").resolve(name + ".rejects.tsv");
    }

    private static Optional<Path> optionalPath(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(Path.of(s));
    }
}
