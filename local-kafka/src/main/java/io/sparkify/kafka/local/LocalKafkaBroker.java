package io.sparkify.kafka.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster in this JVM: Apache Kafka's own {@link KafkaRaftServer} in KRaft
 * combined mode (one process is both broker and controller), listening on localhost.
 *
 * <p>Settings suit one node: internal topics have replication factor 1 and topics are never
 * auto-created, so a client that names a missing topic learns it instead of silently getting a
 * one-partition topic (the producer creates its topic with the partitions it is told).
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final BrokerSettings settings;
    private KafkaRaftServer server;
    private int port;

    public LocalKafkaBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    /**
     * Formats the data directory if needed, starts the server and returns once an admin client
     * sees the broker in the cluster (clients can connect from then on).
     *
     * @throws BrokerStartException when the port is taken, the directory is unusable (or not safe
     *                              to wipe for a fresh start, see {@link FreshStart}) or the
     *                              broker is not ready within a minute
     */
    public synchronized LocalKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("broker already started on port " + port);
        }
        Path dataDir = settings.dataDir().toAbsolutePath();
        if (settings.fresh()) {
            FreshStart.wipe(dataDir);
        }
        port = settings.port() == 0 ? Ports.free() : settings.port();
        if (!Ports.isFree(port)) {
            throw new BrokerStartException("port " + port + " is already in use (another broker running?); "
                    + "stop it or choose another with --port");
        }
        int controllerPort = Ports.free();
        StorageFormatter.formatIfNeeded(dataDir, NODE_ID, CONTROLLER_LISTENER);

        KafkaConfig config = new KafkaConfig(serverProperties(dataDir, port, controllerPort), false);
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            s.startup();
            server = s;
            awaitReady();
        } catch (RuntimeException e) {
            shutdownQuietly(s);
            server = null;
            if (e instanceof BrokerStartException) {
                throw e;
            }
            throw new BrokerStartException("the broker failed to start on port " + port + ": " + e.getMessage(), e);
        }
        LOG.info("Kafka broker ready on {} (data in {})", bootstrapServers(), dataDir);
        return this;
    }

    /** {@code localhost:<port>}; valid after {@link #start()}. */
    public String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("broker not started");
        }
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public BrokerSettings settings() {
        return settings;
    }

    /** Stops the broker and waits for it: logs are flushed, so a restart on the same directory finds every record. */
    @Override
    public synchronized void close() {
        if (server != null) {
            shutdownQuietly(server);
            server = null;
            LOG.info("Kafka broker on port {} stopped", port);
        }
    }

    static Properties serverProperties(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
                Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", dataDir.toString()),
                Map.entry("metadata.log.dir", dataDir.toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "false"),
                // A lone consumer should not wait 3 s for fellow group members that never come.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "4"),
                Map.entry("log.retention.hours", "-1"),
                Map.entry("log.retention.bytes", "-1")));
        return p;
    }

    private void awaitReady() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("interrupted while waiting for the broker on port " + port, e);
        }
        throw new BrokerStartException("the broker on port " + port + " was not ready within "
                + READY_TIMEOUT.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("error while stopping the broker: {}", e.toString());
        }
    }
}
