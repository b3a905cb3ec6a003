package io.sparkify.producer.cli;

import io.sparkify.cli.DurationConverter;
import io.sparkify.cli.ExitCodes;
import io.sparkify.error.InvalidInputException;
import io.sparkify.producer.consume.ConsumeService;
import io.sparkify.producer.consume.ConsumeSettings;
import io.sparkify.producer.kafka.ClientConfig;
import io.sparkify.producer.replay.StopSignal;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify consume}: prints a topic's messages, one value per line. */
@Command(name = "consume",
        description = {"Print the messages of a topic on standard output, one value per line (pipe into wc -l, jq, a file).",
                "Without --group it reads every partition directly and commits nothing; with --group it joins that "
                        + "consumer group and commits what reached standard output (also when its reader goes away, "
                        + "as with | head). Runs until --max, --timeout or Ctrl-C.",
                "Exit codes: 0 done (also when the reader of standard output goes away); 1 the topic does not exist; "
                        + "2 bad usage; 3 Kafka not reachable within --connect-timeout."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class ConsumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers. Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME", description = "Topic to read. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest messages (else only new ones, or the group's position).")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N messages.")
    Long max;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop when no message arrived for this long (10s, 500ms...). Default: run until stopped.")
    Duration timeout;

    @Option(names = "--group", paramLabel = "ID", description = "Consumer group to join and commit offsets to.")
    String group;

    @Option(names = "--verbose", description = "Prefix each value with partition, offset and key, tab-separated.")
    boolean verbose;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Properties file for every Kafka client (security.protocol, sasl.*, ssl.*...). Default: conf key kafka.client.config (none).")
    String clientConfig;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up (exit 3) when Kafka does not answer within this time. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Override
    public Integer call() throws IOException {
        ConsumeSettings settings;
        try {
            settings = new ConsumeSettings(
                    ClientConfig.load(bootstrapServers, clientConfig == null || clientConfig.isBlank()
                            ? Optional.empty() : Optional.of(Path.of(clientConfig)), Optional.empty()),
                    topic, fromBeginning, max == null ? Long.MAX_VALUE : max, Optional.ofNullable(timeout),
                    Optional.ofNullable(group).filter(g -> !g.isBlank()), verbose, connectTimeout);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        StopSignal stop = new StopSignal();
        SignalStop onSignal = SignalStop.install(stop);
        // Unbuffered: the service buffers, and must see what really reached stdout to commit it.
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        try {
            long n = new ConsumeService().run(settings, out, stop);
            spec.commandLine().getErr().println("consumed " + n + " messages from " + settings.topic());
            spec.commandLine().getErr().flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            // The reader went away (consume | head): not an error.
            return ExitCodes.OK;
        } finally {
            onSignal.done();
        }
    }
}
