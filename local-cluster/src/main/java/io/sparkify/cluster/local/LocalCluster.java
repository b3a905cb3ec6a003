package io.sparkify.cluster.local;

import io.sparkify.kafka.local.BrokerSettings;
import io.sparkify.kafka.local.LocalKafkaBroker;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real one-host cluster in this JVM: HDFS (Hadoop's {@link MiniDFSCluster}, one namenode and
 * one datanode), YARN ({@link MiniYARNCluster}, one resourcemanager and one nodemanager whose
 * containers are real child processes) and the local KRaft broker. Applications are submitted to
 * it as to any cluster, with the client files {@link ClientFiles} writes.
 *
 * <p>HDFS and Kafka keep their data under {@link ClusterSettings#dir()} across restarts (and their
 * ports, see {@link ClusterState}); YARN starts empty each time, as a restarted resourcemanager
 * without recovery does.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    private static final String YARN_NAME = "sparkify-cluster";

    private final ClusterSettings settings;
    private MiniDFSCluster dfs;
    private MiniYARNCluster yarn;
    private LocalKafkaBroker kafka;
    private ClientFiles clientFiles;

    public LocalCluster(ClusterSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts HDFS, then YARN (its containers read from HDFS), then Kafka, and writes the client
     * files once all three accept requests.
     *
     * @throws ClusterStartException when a component cannot start; what did start is stopped
     */
    public synchronized LocalCluster start() {
        if (dfs != null) {
            throw new IllegalStateException("cluster already started");
        }
        Path dir = settings.dir().toAbsolutePath();
        try {
            if (settings.fresh()) {
                ClusterState.wipe(dir);
            }
            Files.createDirectories(dir);
            ClusterState previous = ClusterState.read(dir);
            if (!previous.started()) {
                previous.write(dir); // marks the directory as a cluster's before anything else is in it
            }
            int hdfsPort = settings.hdfsPort() != 0 ? settings.hdfsPort() : previous.hdfsPort();
            int kafkaPort = settings.kafkaPort() != 0 ? settings.kafkaPort() : previous.kafkaPort();

            // Hadoop's test helpers put scratch directories under ./target/test/data of the working directory unless told.
            if (System.getProperty("test.build.data") == null) {
                System.setProperty("test.build.data", dir.resolve("tmp").toString());
            }
            dfs = startHdfs(dir.resolve("hdfs"), hdfsPort, !previous.started());
            String hdfsUri = hdfsUri();
            yarn = startYarn(dir.resolve("yarn"), hdfsUri);
            kafka = new LocalKafkaBroker(new BrokerSettings(kafkaPort, dir.resolve("kafka"), false)).start();
            new ClusterState(dfs.getNameNodePort(), kafka.port()).write(dir);
            clientFiles = ClientFiles.write(dir, hdfsUri, yarnClientSettings(), kafka.bootstrapServers());
        } catch (IOException e) {
            close();
            throw new ClusterStartException("cannot start the cluster in " + dir + ": " + e.getMessage(), e);
        } catch (Error e) {
            close(); // a missing class must not leave half a cluster running in a JVM whose main thread died
            throw e;
        } catch (RuntimeException e) {
            close();
            if (e instanceof ClusterStartException) {
                throw e;
            }
            throw new ClusterStartException("cannot start the cluster in " + dir + ": " + e.getMessage(), e);
        }
        LOG.info("cluster ready: HDFS {}, YARN {}, Kafka {}", hdfsUri(), yarnWebUi(), kafkaBootstrapServers());
        return this;
    }

    /** @param format a new file system; else the previous run's blocks and metadata are kept */
    private static MiniDFSCluster startHdfs(Path base, int port, boolean format) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        conf.setInt("dfs.replication", 1);
        conf.setBoolean("dfs.permissions.enabled", false);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf)
                .numDataNodes(1)
                .nameNodePort(port)
                .format(format)
                .build();
        cluster.waitClusterUp();
        cluster.waitActive();
        return cluster;
    }

    private MiniYARNCluster startYarn(Path base, String hdfsUri) {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", hdfsUri);
        // The settings Spark's own BaseYarnClusterSuite gives MiniYARNCluster: hadoop-client-minicluster has no
        // capacity-scheduler.xml, so the one queue is declared here; a nearly full disk must not mark the node unhealthy.
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.set("yarn.nodemanager.disk-health-checker.min-free-space-per-disk-mb", "0");
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        // The node has room for two applications (ClusterSettings), so their application masters may take half of
        // it. At YARN's default of 10%, less than one AM, the scheduler starts one application at a time: a train
        // submitted while the streaming ingest runs would wait ACCEPTED until the ingest stopped.
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
        // A small host: containers are sized by what they ask for, not killed for the memory the JVMs map.
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, settings.nodeMemoryMb());
        conf.setInt(YarnConfiguration.NM_VCORES, settings.nodeVcores());
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, settings.nodeMemoryMb());
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, settings.nodeVcores());
        // As a production cluster allows: a restarted streaming ingest gets its attempts (deploy.sh asks for 4).
        conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 4);

        MiniYARNCluster cluster = new MiniYARNCluster(YARN_NAME, 1, 1, 1);
        placeWorkDir(cluster, base);
        cluster.init(conf);
        cluster.start();
        // MiniYARNCluster's start() can return before the RM has put its real port in the configuration
        // (Spark's BaseYarnClusterSuite waits the same way).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cluster.getConfig().get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                throw new ClusterStartException("the YARN resourcemanager did not report its address within 30 s");
            }
            sleep(100);
        }
        return cluster;
    }

    /**
     * MiniYARNCluster keeps the nodemanager's local and log directories under {@code ./target/<name>} of the
     * process's working directory, a test convention with no setting to change it; a user's cluster keeps them
     * under its own directory instead.
     */
    private static void placeWorkDir(MiniYARNCluster cluster, Path base) {
        try {
            Field f = MiniYARNCluster.class.getDeclaredField("testWorkDir");
            f.setAccessible(true);
            Files.createDirectories(base);
            f.set(cluster, base.toFile());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("YARN's container directories stay under {} ({})", new File("target", YARN_NAME).getAbsolutePath(),
                    e.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings a YARN client needs: the resourcemanager's addresses and the allocation limits. */
    private Map<String, String> yarnClientSettings() {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : yarn.getConfig()) {
            String k = e.getKey();
            if (k.startsWith("yarn.resourcemanager.") && (k.endsWith(".address") || k.endsWith(".hostname"))
                    || k.startsWith("yarn.scheduler.minimum-allocation-") || k.startsWith("yarn.scheduler.maximum-allocation-")) {
                out.put(k, yarn.getConfig().get(k));
            }
        }
        return out;
    }

    public String hdfsUri() {
        return "hdfs://localhost:" + dfs.getNameNodePort();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String yarnWebUi() {
        return "http://" + yarn.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS);
    }

    public String yarnAddress() {
        return yarn.getConfig().get(YarnConfiguration.RM_ADDRESS);
    }

    /** The client files: {@code hadoop-conf/}, {@code sparkify.properties}, {@code deploy.env}. */
    public ClientFiles clientFiles() {
        return clientFiles;
    }

    /** A client configuration of this cluster (HDFS and YARN), for tests and tools in this JVM. */
    public Configuration clientConfiguration() {
        Configuration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", hdfsUri());
        yarnClientSettings().forEach(conf::set);
        return conf;
    }

    /** Stops Kafka, YARN and HDFS; their data stays in the directory for the next start. */
    @Override
    public synchronized void close() {
        if (kafka != null) {
            stopQuietly("Kafka", kafka::close);
            kafka = null;
        }
        if (yarn != null) {
            stopQuietly("YARN", yarn::stop);
            yarn = null;
        }
        if (dfs != null) {
            MiniDFSCluster d = dfs;
            stopQuietly("HDFS", () -> d.shutdown(false));
            dfs = null;
        }
    }

    // One component that fails to stop must not keep the others running.
    private static void stopQuietly(String what, Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            LOG.warn("stopping {}: {}", what, e.toString());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterStartException("interrupted while starting YARN");
        }
    }
}
