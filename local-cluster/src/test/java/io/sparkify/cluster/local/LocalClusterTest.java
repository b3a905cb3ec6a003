package io.sparkify.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-host cluster: its client files describe it, and a restart keeps HDFS and Kafka data and their ports. */
@Tag("integration")
class LocalClusterTest {

    @TempDir
    Path tmp;

    @Test
    void itWritesClientFilesForItselfAndARestartKeepsHdfsAndKafkaData() throws Exception {
        Path dir = tmp.resolve("cluster");
        String hdfsUri;
        String bootstrap;
        try (LocalCluster cluster = new LocalCluster(ClusterSettings.ephemeral(dir)).start()) {
            hdfsUri = cluster.hdfsUri();
            bootstrap = cluster.kafkaBootstrapServers();
            ClientFiles files = cluster.clientFiles();
            assertTrue(Files.readString(files.hadoopConfDir().resolve("core-site.xml")).contains(hdfsUri));
            assertTrue(Files.readString(files.hadoopConfDir().resolve("yarn-site.xml")).contains(cluster.yarnAddress()));
            Properties conf = new Properties();
            try (var r = Files.newBufferedReader(files.sparkifyConf())) {
                conf.load(r);
            }
            assertEquals(bootstrap, conf.getProperty("kafka.bootstrap.servers"));
            assertEquals(hdfsUri + "/sparkify/lake", conf.getProperty("lake.uri"));
            assertEquals(hdfsUri + "/sparkify/models", conf.getProperty("models.uri"));
            List<String> env = Files.readAllLines(files.deployEnv());
            assertTrue(env.contains("HADOOP_CONF_DIR=" + files.hadoopConfDir()), env.toString());
            assertTrue(env.contains("SPARKIFY_CONF=" + files.sparkifyConf()), env.toString());

            // YARN has its nodemanager, as a client configured from the files sees it.
            try (YarnClient yarn = YarnClient.createYarnClient()) {
                yarn.init(cluster.clientConfiguration());
                yarn.start();
                assertEquals(1, yarn.getNodeReports(NodeState.RUNNING).size());
            }
            try (FileSystem fs = FileSystem.newInstance(URI.create(hdfsUri), cluster.clientConfiguration());
                    OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/keep/me.txt"))) {
                out.write("kept".getBytes(StandardCharsets.UTF_8));
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>("kept", "k", "v")).get();
            }
        }

        try (LocalCluster again = new LocalCluster(new ClusterSettings(dir, false, 0, 0,
                ClusterSettings.DEFAULT_NODE_MEMORY_MB, ClusterSettings.DEFAULT_NODE_VCORES)).start()) {
            assertEquals(hdfsUri, again.hdfsUri(), "the same HDFS port");
            assertEquals(bootstrap, again.kafkaBootstrapServers(), "the same Kafka port");
            try (FileSystem fs = FileSystem.newInstance(URI.create(hdfsUri), again.clientConfiguration());
                    InputStream in = fs.open(new org.apache.hadoop.fs.Path("/keep/me.txt"))) {
                assertEquals("kept", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                TopicPartition tp = new TopicPartition("kept", 0);
                assertEquals(1, admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset());
            }
        }
    }

    @Test
    void freshRefusesADirectoryThatIsNotAClusters() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(dir.resolve("precious.txt"), "x");

        ClusterStartException e = assertThrows(ClusterStartException.class,
                () -> new LocalCluster(ClusterSettings.ephemeral(dir)).start());

        assertTrue(e.getMessage().contains("refusing --fresh"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("precious.txt")));
    }
}
