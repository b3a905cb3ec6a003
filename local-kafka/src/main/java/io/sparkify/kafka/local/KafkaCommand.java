package io.sparkify.kafka.local;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify kafka}: runs the broker in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "kafka",
        description = {"Run a single-node Kafka broker (KRaft, broker and controller in one process) on this machine.",
                "Prints 'ready: localhost:<port>' on standard output once clients can connect, then runs until "
                        + "Ctrl-C or SIGTERM, when it shuts down cleanly (topics and records stay in the data directory).",
                "Exit code 0 after a clean stop; 1 when the broker cannot start (port in use, unusable directory); 2 on bad usage."},
        mixinStandardHelpOptions = true)
final class KafkaCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    /** Same variable as the work.dir key of conf/sparkify.properties (this module cannot read that file's loader). */
    static final String WORK_DIR_ENV = "SPARKIFY_WORK_DIR";

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Client port on localhost; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port = 9092;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Log and metadata directory, formatted on first use. Default: <work dir>/kafka, the work dir "
                    + "being $" + WORK_DIR_ENV + " or ./work.")
    Path dataDir;

    @Option(names = "--fresh", description = "Delete the data directory first: start with no topics.")
    boolean fresh;

    @Override
    public Integer call() throws InterruptedException {
        BrokerSettings settings = new BrokerSettings(port, dataDir == null ? defaultDataDir() : dataDir, fresh);
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

    static Path defaultDataDir() {
        String work = System.getenv(WORK_DIR_ENV);
        return Path.of(work == null || work.isBlank() ? "work" : work, "kafka");
    }
}
