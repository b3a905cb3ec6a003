package io.sparkify.cluster.local;

import io.sparkify.config.ConfigKey;
import io.sparkify.config.SparkifyConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code sparkify cluster}: runs HDFS, YARN and Kafka in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "cluster",
        description = {"Run a one-host cluster in this process: HDFS (one namenode, one datanode), YARN (one "
                + "resourcemanager, one nodemanager) and a Kafka broker (KRaft), for trying deploy.sh and the "
                + "scheduled retraining without Docker.",
                "Once all three accept requests it writes DIR/hadoop-conf/ (core-site.xml, hdfs-site.xml, "
                        + "yarn-site.xml), DIR/sparkify.properties and DIR/deploy.env, prints 'ready: DIR/deploy.env' on "
                        + "standard output and the addresses on standard error, then runs until Ctrl-C or SIGTERM. Then: "
                        + "./deploy.sh --env-file DIR/deploy.env <job>, or SPARKIFY_CONF=DIR/sparkify.properties "
                        + "./sparkify <command>.",
                "HDFS and Kafka keep their data (and ports) in DIR across restarts; YARN starts empty.",
                "Exit codes: 130/143 after Ctrl-C/SIGTERM (the normal end: a clean stop); 1 when the cluster cannot "
                        + "start (port in use, unusable directory); 2 on bad usage."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class ClusterCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the cluster keeps everything. Default: <work dir>/cluster (conf key work.dir, "
                    + "env SPARKIFY_WORK_DIR, default ./work).")
    Path dir;

    @Option(names = "--fresh", description = "Delete DIR first: an empty HDFS, no topics. Refused unless DIR is "
            + "missing, empty or a cluster directory (has cluster.properties).")
    boolean fresh;

    @Option(names = "--hdfs-port", paramLabel = "PORT",
            description = "Namenode RPC port; 0 (default) reuses the previous run's, else picks a free one.")
    int hdfsPort;

    @Option(names = "--kafka-port", paramLabel = "PORT",
            description = "Kafka client port; 0 (default) reuses the previous run's, else picks a free one.")
    int kafkaPort;

    @Option(names = "--node-memory", paramLabel = "MB",
            description = "Memory the nodemanager gives containers. Default: ${DEFAULT-VALUE}.")
    int nodeMemoryMb = ClusterSettings.DEFAULT_NODE_MEMORY_MB;

    @Option(names = "--node-vcores", paramLabel = "N",
            description = "Virtual cores the nodemanager gives containers. Default: ${DEFAULT-VALUE}.")
    int nodeVcores = ClusterSettings.DEFAULT_NODE_VCORES;

    private final Map<String, String> env;

    ClusterCommand() {
        this(System.getenv());
    }

    ClusterCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        ClusterSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalCluster cluster = new LocalCluster(settings);
        // Ctrl-C and SIGTERM are handled here, not in a JVM shutdown hook: Hadoop's datanode and namenode register
        // shutdown hooks of their own while stopping, which the JVM refuses once it is shutting down.
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger code = new AtomicInteger(EXIT_OK);
        for (Map.Entry<String, Integer> s : Map.of("INT", 130, "TERM", 143).entrySet()) {
            Signal.handle(new Signal(s.getKey()), sig -> {
                code.set(s.getValue());
                stop.countDown();
            });
        }
        try {
            cluster.start();
        } catch (ClusterStartException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return EXIT_FAILURE;
        }
        err.println("HDFS:  " + cluster.hdfsUri());
        err.println("YARN:  " + cluster.yarnAddress() + " (web UI " + cluster.yarnWebUi() + ")");
        err.println("Kafka: " + cluster.kafkaBootstrapServers());
        err.println("client settings: HADOOP_CONF_DIR=" + cluster.clientFiles().hadoopConfDir()
                + ", SPARKIFY_CONF=" + cluster.clientFiles().sparkifyConf());
        err.println("Cluster running (data in " + settings.dir().toAbsolutePath() + "); Ctrl-C stops it.");
        err.flush();
        out.println("ready: " + cluster.clientFiles().deployEnv());
        out.flush();
        stop.await();
        err.println("stopping the cluster...");
        err.flush();
        cluster.close();
        err.println("cluster stopped (data kept in " + settings.dir().toAbsolutePath() + ")");
        err.flush();
        return code.get();
    }

    ClusterSettings settings() {
        Path d;
        try {
            d = dir != null ? dir : Path.of(SparkifyConfig.load(env).get(ConfigKey.WORK_DIR)).resolve("cluster");
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "configuration: " + e.getMessage());
        }
        try {
            return new ClusterSettings(d, fresh, hdfsPort, kafkaPort, nodeMemoryMb, nodeVcores);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
