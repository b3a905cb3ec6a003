package io.sparkify.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkify.config.ConfigKey;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.testsupport.SampleData;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * docker-compose.yml validates with docker-compose (no engine needed), and the client settings
 * in conf/cluster/ agree with the cluster it describes: a client configured from conf/cluster
 * talks to the namenode, resourcemanager, datanode and Kafka listener the compose file publishes.
 */
@Tag("integration")
class ComposeClusterTest {

    private static final Path PROJECT = SampleData.projectDir();
    private static final Path CLUSTER_CONF = PROJECT.resolve("conf/cluster");

    private static JsonNode services;

    @BeforeAll
    static void resolveComposeFile() throws Exception {
        String resolved = dockerCompose("config");
        services = new ObjectMapper(new YAMLFactory()).readTree(resolved).get("services");
    }

    @Test
    void composeFileValidates() throws Exception {
        dockerCompose("config", "-q");
    }

    @Test
    void everyServiceHasAHealthCheckOrRunsOnce() {
        for (String name : List.of("kafka", "namenode", "datanode", "resourcemanager", "nodemanager")) {
            assertTrue(services.get(name).has("healthcheck"), name + " has a health check");
        }
        assertTrue(services.get("kafka").get("image").asText().startsWith("apache/kafka:"));
        for (String name : List.of("namenode", "datanode", "resourcemanager", "nodemanager")) {
            assertTrue(services.get(name).get("image").asText().startsWith("apache/hadoop:3.4."), name);
        }
    }

    @Test
    void hadoopClientSettingsMatchTheCluster() throws Exception {
        Map<String, String> clientConf = new HashMap<>();
        for (String file : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
            clientConf.putAll(hadoopXml(CLUSTER_CONF.resolve(file)));
        }
        JsonNode namenodeEnv = services.get("namenode").get("environment");

        assertEquals(namenodeEnv.get("CORE-SITE.XML_fs.defaultFS").asText(), clientConf.get("fs.defaultFS"));
        assertEquals(services.get("resourcemanager").get("environment").get("YARN-SITE.XML_yarn.resourcemanager.hostname").asText(),
                clientConf.get("yarn.resourcemanager.hostname"));
        assertEquals("resourcemanager", services.get("resourcemanager").get("hostname").asText());
        assertEquals("true", clientConf.get("dfs.client.use.datanode.hostname"));
        assertEquals("datanode", services.get("datanode").get("environment").get("HDFS-SITE.XML_dfs.datanode.hostname").asText());

        // What a client outside the compose network connects to is published on the host.
        assertTrue(publishedPorts("namenode").containsAll(Set.of(8020, 9870)));
        assertTrue(publishedPorts("datanode").contains(9866));
        assertTrue(publishedPorts("resourcemanager").containsAll(Set.of(8032, 8088)));
        assertTrue(publishedPorts("kafka").contains(9092));
    }

    @Test
    void theNodemanagerGivesAStoppedDriverTimeForItsShutdownHooks() throws Exception {
        String key = "yarn.nodemanager.sleep-delay-before-sigkill.ms";
        JsonNode nodemanagerValue = services.get("nodemanager").get("environment").get("YARN-SITE.XML_" + key);
        String clientValue = hadoopXml(CLUSTER_CONF.resolve("yarn-site.xml")).get(key);

        assertTrue(nodemanagerValue != null, key + " is set on the nodemanager");
        // YARN's default, 250 ms, SIGKILLs a driver before its shutdown hooks run.
        assertTrue(Long.parseLong(nodemanagerValue.asText()) >= 30_000, key + " = " + nodemanagerValue.asText());
        assertEquals(nodemanagerValue.asText(), clientValue, "conf/cluster/yarn-site.xml documents the same value");
    }

    @Test
    void clusterSparkifyConfIsValidAndPointsAtTheClustersKafkaAndHdfs() throws Exception {
        Path confFile = CLUSTER_CONF.resolve("sparkify.properties");
        SparkifyConfig config = SparkifyConfig.load(Map.of(SparkifyConfig.CONF_FILE_ENV, confFile.toString()));
        String defaultFs = hadoopXml(CLUSTER_CONF.resolve("core-site.xml")).get("fs.defaultFS");
        String advertised = services.get("kafka").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText();

        for (String server : config.get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS).split(",")) {
            assertTrue(advertised.contains("://" + server.strip()), server + " is advertised in " + advertised);
        }
        assertTrue(config.get(ConfigKey.LAKE_URI).startsWith(defaultFs + "/"), config.get(ConfigKey.LAKE_URI));
        assertTrue(config.get(ConfigKey.MODELS_URI).startsWith(defaultFs + "/"), config.get(ConfigKey.MODELS_URI));
    }

    @Test
    void sparkContainersGetTheJava17TheNodemanagerMounts() throws Exception {
        Properties sparkDefaults = new Properties();
        try (Reader r = Files.newBufferedReader(CLUSTER_CONF.resolve("spark-defaults.conf"), StandardCharsets.UTF_8)) {
            sparkDefaults.load(r);
        }
        String javaHome = sparkDefaults.getProperty("spark.executorEnv.JAVA_HOME");
        Set<String> mounts = new HashSet<>();
        for (JsonNode v : services.get("nodemanager").get("volumes")) {
            mounts.add(v.isTextual() ? v.asText().split(":")[1] : v.get("target").asText());
        }

        assertEquals(javaHome, sparkDefaults.getProperty("spark.yarn.appMasterEnv.JAVA_HOME"));
        assertTrue(mounts.contains(javaHome), javaHome + " mounted in " + mounts);
    }

    private static Set<Integer> publishedPorts(String service) {
        Set<Integer> ports = new HashSet<>();
        for (JsonNode p : services.get(service).get("ports")) {
            if (p.isTextual()) {
                String[] parts = p.asText().split(":");
                ports.add(Integer.parseInt(parts[parts.length - 2].replaceAll("[^0-9]", "")));
            } else {
                ports.add(p.get("published").asInt());
            }
        }
        return ports;
    }

    private static Map<String, String> hadoopXml(Path file) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Map<String, String> props = new HashMap<>();
        NodeList list = doc.getElementsByTagName("property");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            props.put(e.getElementsByTagName("name").item(0).getTextContent().strip(),
                    e.getElementsByTagName("value").item(0).getTextContent().strip());
        }
        return props;
    }

    /** Runs docker-compose on the project's compose file; the Debian package needs no engine for this. */
    private static String dockerCompose(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker-compose", "-f", "docker-compose.yml"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("docker-compose", ".err");
        try {
            Process p;
            try {
                p = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("docker-compose is needed to validate docker-compose.yml "
                        + "(run ./setup.sh, README.md's first step)", e);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker-compose did not finish");
            assertEquals(0, p.exitValue(), "docker-compose " + String.join(" ", args) + ": " + Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
