package io.sparkify.cluster.local;

import io.sparkify.config.ConfigKey;
import io.sparkify.spark.SparkSessions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The files a client of the cluster uses, written under its directory once every component accepts requests:
 * <ul>
 *   <li>{@code hadoop-conf/} (core-site.xml, hdfs-site.xml, yarn-site.xml): {@code HADOOP_CONF_DIR} for
 *       deploy.sh, spark-submit and Hadoop's own CLIs;</li>
 *   <li>{@code sparkify.properties}: every conf key, pointing at this cluster's Kafka, lake and registry;
 *       {@code SPARKIFY_CONF} for ./sparkify and the jobs;</li>
 *   <li>{@code deploy.env}: {@code deploy.sh --env-file} settings sized for the one nodemanager.</li>
 * </ul>
 */
public record ClientFiles(Path hadoopConfDir, Path sparkifyConf, Path deployEnv) {

    static ClientFiles write(Path dir, String hdfsUri, Map<String, String> yarnSettings, String bootstrapServers)
            throws IOException {
        Path hadoopConf = Files.createDirectories(dir.resolve("hadoop-conf"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", hdfsUri);
        writeXml(core, hadoopConf.resolve("core-site.xml"));
        Configuration hdfs = new Configuration(false);
        // One datanode: a client that asks for 3 replicas gets an under-replicated file and warnings.
        hdfs.set("dfs.replication", "1");
        writeXml(hdfs, hadoopConf.resolve("hdfs-site.xml"));
        Configuration yarn = new Configuration(false);
        yarnSettings.forEach(yarn::set);
        writeXml(yarn, hadoopConf.resolve("yarn-site.xml"));

        Path conf = dir.resolve("sparkify.properties");
        Files.writeString(conf, sparkifyProperties(dir, hdfsUri, bootstrapServers), StandardCharsets.UTF_8);
        Path env = dir.resolve("deploy.env");
        Files.writeString(env, deployEnv(dir, hadoopConf, conf), StandardCharsets.UTF_8);
        return new ClientFiles(hadoopConf, conf, env);
    }

    private static void writeXml(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }

    /** Every key, so that the file shows all a job reads; the values that differ from the defaults point here. */
    static String sparkifyProperties(Path dir, String hdfsUri, String bootstrapServers) {
        Map<ConfigKey, String> values = new LinkedHashMap<>();
        for (ConfigKey k : ConfigKey.values()) {
            values.put(k, k.defaultValue());
        }
        values.put(ConfigKey.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        values.put(ConfigKey.KAFKA_REPLICATION_FACTOR, "1");
        values.put(ConfigKey.LAKE_URI, hdfsUri + "/sparkify/lake");
        values.put(ConfigKey.MODELS_URI, hdfsUri + "/sparkify/models");
        values.put(ConfigKey.WORK_DIR, dir.resolve("work").toString());
        StringBuilder b = new StringBuilder();
        b.append("# Written by ./sparkify cluster for the cluster in ").append(dir).append(" (rewritten at each start).\n");
        b.append("# Every key is documented in conf/sparkify.properties; flags and SPARKIFY_<KEY> variables still win.\n");
        values.forEach((k, v) -> b.append(k.key()).append('=').append(v).append('\n'));
        return b.toString();
    }

    static String deployEnv(Path dir, Path hadoopConf, Path conf) {
        return String.join("\n",
                "# Written by ./sparkify cluster: ./deploy.sh --env-file " + dir.resolve("deploy.env") + " <job>",
                "# Variables already set in the environment, and deploy.sh's flags, win over this file.",
                "HADOOP_CONF_DIR=" + hadoopConf,
                "SPARKIFY_CONF=" + conf,
                "DEPLOY_MASTER=yarn",
                "DEPLOY_MODE=cluster",
                "DEPLOY_QUEUE=default",
                // One nodemanager: an AM/driver and one executor per application, two applications at a time.
                "DEPLOY_DRIVER_MEMORY=1g",
                "DEPLOY_DRIVER_CORES=1",
                "DEPLOY_EXECUTOR_MEMORY=1536m",
                "DEPLOY_EXECUTOR_CORES=2",
                "DEPLOY_NUM_EXECUTORS=1",
                "DEPLOY_SPARK_CONF=\"spark.sql.shuffle.partitions=8 " + SparkSessions.DELTA_SNAPSHOT_PARTITIONS_KEY + "=2 spark.driver.memoryOverhead=384m spark.executor.memoryOverhead=384m\"",
                // The nodemanager runs on this host: containers read Spark's jars from the build's folder in place.
                "DEPLOY_SPARK_JARS_LOCAL=true",
                // Locks beside the cluster: every deploy.sh run against it (cron, by hand, tests) sees the same ones.
                "DEPLOY_LOCK_DIR=" + dir.resolve("locks"),
                "") ;
    }
}
