package io.sparkify.kafka.local;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sparkify kafka}: runs the broker in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "kafka",
        description = {"Run a single-node Kafka broker (KRaft, broker and controller in one process) on this machine.",
                "Prints 'ready: localhost:<port>' on standard output once clients can connect, then runs until "
                        + "Ctrl-C or SIGTERM, when it shuts down cleanly (topics and records stay in the data directory).",
                "Exit codes: 130/143 after Ctrl-C/SIGTERM (the normal end: a clean stop); 1 when the broker cannot start "
                        + "(port in use, unusable directory); 2 on bad usage (including --fresh on a directory that is "
                        + "not a broker's)."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class KafkaCommand implements Callable<Integer> {

    // The shared codes of common-runtime's io.sparkify.cli.ExitCodes, which this module cannot use (see WorkDir).
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Client port on localhost (1-65535); 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port = 9092;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Log and metadata directory, formatted on first use. Default: <work dir>/kafka, the work dir "
                    + "being conf key work.dir (env " + WorkDir.ENV + ", default ./work).")
    Path dataDir;

    @Option(names = "--fresh", description = "Delete the data directory first: start with no topics. Refused unless the "
            + "directory is missing, empty or a broker data directory (has meta.properties).")
    boolean fresh;

    private final Map<String, String> env;

    KafkaCommand() {
        this(System.getenv());
    }

    /** @param env the environment the work dir is resolved from (tests pass their own) */
    KafkaCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        BrokerSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalKafkaBroker broker = new LocalKafkaBroker(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        // The hook stops the broker on Ctrl-C/SIGTERM; the JVM exits once it returns.
        Thread hook = new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "sparkify-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            broker.start();
        } catch (BrokerStartException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            err.println("error: " + e.getMessage());
            err.flush();
            return EXIT_FAILURE;
        }
        out.println("ready: " + broker.bootstrapServers());
        out.flush();
        err.println("Kafka broker running (data in " + settings.dataDir().toAbsolutePath() + "); Ctrl-C stops it.");
        err.flush();
        stopped.await();
        return EXIT_OK;
    }

    /** Checks the options as picocli cannot: a bad value is a usage error (exit 2), found before anything starts. */
    BrokerSettings settings() {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, not " + port);
        }
        Path dir;
        try {
            dir = dataDir != null ? dataDir : defaultDataDir(env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "configuration: " + e.getMessage());
        }
        if (fresh) {
            FreshStart.refusal(dir.toAbsolutePath()).ifPresent(why -> {
                throw new ParameterException(spec.commandLine(), why);
            });
        }
        return new BrokerSettings(port, dir, fresh);
    }

    static Path defaultDataDir(Map<String, String> env) {
        return WorkDir.resolve(env).resolve("kafka");
    }
}
