package io.sparkify.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.cli.ExitCodes;
import io.sparkify.cluster.local.LocalCluster;
import io.sparkify.cluster.local.ClusterSettings;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The production path, run for real: {@code ./sparkify cluster}'s classes (HDFS, YARN, Kafka in this JVM; YARN
 * containers are child processes) and every deploy.sh job submitted to it the way a user and a scheduler do, with
 * no Spark distribution (deploy.sh runs SparkSubmit on the build's Spark jars).
 *
 * <p>One cluster for the class; the tests run in order and each builds on the one before (the ingest fills the lake
 * that train, score and report read), as the pipeline does.
 */
@Tag("integration")
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterDeployTest {

    private static final Path PROJECT = SampleData.projectDir();
    private static final Duration SUBMISSION = Duration.ofMinutes(6);
    private static final String INGEST_APP = "sparkify-ingest";
    private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(15);
    private static final long HALF = SampleData.SMALL_LINES / 2;

    private Path work;
    private LocalCluster cluster;
    private DeployScript deploy;
    private YarnClient yarn;
    private FileSystem hdfs;
    private String lake;
    private String models;
    private long topicRecords;

    @BeforeAll
    void startCluster() throws Exception {
        for (String jar : List.of("streaming-ingest/target/sparkify-ingest-job.jar", "churn-batch/target/sparkify-churn-job.jar",
                "spark-runtime/target/spark-jars", "producer/target/classpath.txt")) {
            assertTrue(Files.exists(PROJECT.resolve(jar)), jar + " is built (./mvnw package)");
        }
        work = Files.createTempDirectory("sparkify-cluster-test-");
        cluster = new LocalCluster(ClusterSettings.ephemeral(work.resolve("cluster"))).start();
        Configuration conf = cluster.clientConfiguration();
        yarn = YarnClient.createYarnClient();
        yarn.init(conf);
        yarn.start();
        hdfs = FileSystem.get(java.net.URI.create(cluster.hdfsUri()), conf);
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(cluster.clientFiles().sparkifyConf())) {
            p.load(r);
        }
        lake = p.getProperty("lake.uri");
        models = p.getProperty("models.uri");
        deploy = new DeployScript(PROJECT, work)
                // Settings a user sets in the environment: they reach the YARN containers through deploy.sh.
                .env("SPARKIFY_INGEST_TRIGGER", "processing-time=2s")
                .env("SPARKIFY_INGEST_MAX_OFFSETS_PER_TRIGGER", "25000")
                .env("SPARKIFY_REGISTRY_LEASE_TIMEOUT", LEASE_TIMEOUT.toSeconds() + "s")
                // The smallest training the conf allows, for the scheduled runs too (their command stays as shipped).
                .env("SPARKIFY_TRAIN_GRID", "quick")
                .env("SPARKIFY_TRAIN_CLASSIC", "false")
                // Every application here is small and short: its JVMs (driver/AM, executor) skip the optimizing JIT,
                // which on two cores mostly competes with the work (a 100-user train: 0.75x the wall time).
                .env("DEPLOY_SPARK_CONF", deployEnvValue("DEPLOY_SPARK_CONF")
                        + " spark.driver.defaultJavaOptions=" + C1_ONLY + " spark.executor.defaultJavaOptions=" + C1_ONLY);
    }

    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    /** A variable of the deploy.env the cluster wrote (unquoted), to extend rather than replace it. */
    private String deployEnvValue(String name) throws IOException {
        return Files.readAllLines(cluster.clientFiles().deployEnv()).stream()
                .filter(l -> l.startsWith(name + "="))
                .map(l -> l.substring(name.length() + 1).replaceAll("^\"|\"$", ""))
                .findFirst().orElseThrow(() -> new AssertionError(name + " in deploy.env"));
    }

    @AfterAll
    void stopCluster() throws IOException {
        if (yarn != null) {
            printTimeline();
            yarn.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (work != null) {
            try (var paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void theFirstHalfOfTheSampleIsProducedIntoTheClustersKafka() throws Exception {
        produce("--limit", String.valueOf(HALF));

        topicRecords = topicRecords(cluster.kafkaBootstrapServers(), "sparkify-events");
        assertEquals(HALF, topicRecords, "records in Kafka");
    }

    @Test
    @Order(2)
    void theIngestRunsAsAYarnApplicationAndASecondOneIsRefused() throws Exception {
        DeployScript.Result submitted = DeployScript.finish(deploy.start("--env-file", env(), "--no-build", "ingest"), SUBMISSION);
        assertEquals(0, submitted.exitCode(), submitted.stderr());

        ApplicationReport app = await("the ingest to run on YARN", Duration.ofMinutes(3),
                () -> app(INGEST_APP).filter(a -> a.getYarnApplicationState() == YarnApplicationState.RUNNING));
        // A first micro-batch committed: the query runs in the YARN container, on HDFS.
        await("a first committed micro-batch", Duration.ofMinutes(3),
                () -> exists(checkpoint() + "/events/commits/0") ? Optional.of(true) : Optional.empty());

        DeployScript.Result second = DeployScript.finish(deploy.start("--env-file", env(), "--no-build", "ingest"), SUBMISSION);
        assertEquals(ExitCodes.LOCKED, second.exitCode(), second.stderr());
        assertTrue(second.stderr().contains("YARN already runs '" + INGEST_APP + "' as " + app.getApplicationId()),
                second.stderr());
    }

    @Test
    @Order(3)
    void aKilledApplicationMasterIsRestartedAndResumesFromTheCheckpointWithNothingLostOrDuplicated(SparkSession spark)
            throws Exception {
        ApplicationReport app = app(INGEST_APP).orElseThrow();
        ApplicationAttemptId first = app.getCurrentApplicationAttemptId();
        assertEquals(1, first.getAttemptId());
        var amContainer = yarn.getApplicationAttemptReport(first).getAMContainerId();

        yarn.signalToContainer(amContainer, SignalContainerCommand.FORCEFUL_SHUTDOWN);

        await("YARN's second attempt of the ingest", Duration.ofMinutes(3), () -> app(INGEST_APP)
                .filter(a -> a.getCurrentApplicationAttemptId().getAttemptId() == 2
                        && a.getYarnApplicationState() == YarnApplicationState.RUNNING));
        // The rest of the log arrives while the restarted attempt resumes from the checkpoint.
        produce("--skip", String.valueOf(HALF));
        topicRecords = topicRecords(cluster.kafkaBootstrapServers(), "sparkify-events");
        assertTrue(topicRecords > HALF && topicRecords <= SampleData.SMALL_LINES, "records in Kafka: " + topicRecords);
        await("every record of the topic in the lake", Duration.ofMinutes(4),
                () -> committedOffsets() == topicRecords ? Optional.of(true) : Optional.empty());

        DeployScript.Result stop = DeployScript.finish(deploy.start("--env-file", env(), "--no-build", "stop-ingest"), SUBMISSION);
        assertEquals(0, stop.exitCode(), stop.stderr());
        ApplicationReport done = await("the ingest to finish", Duration.ofMinutes(2),
                () -> app(INGEST_APP).filter(a -> a.getYarnApplicationState() == YarnApplicationState.FINISHED));
        assertEquals(FinalApplicationStatus.SUCCEEDED, done.getFinalApplicationStatus(), done.getDiagnostics());
        assertEquals(2, done.getCurrentApplicationAttemptId().getAttemptId(), "ended in the restarted attempt");

        // Through the Delta log, as any reader of the lake: files of a batch the killed attempt wrote but never
        // committed are on HDFS too, and a reader of the bare parquet files would count them. (The lake's URI names
        // the namenode, so the JVM's shared test session reads it as it is.)
        LakeLayout layout = new LakeLayout(lake);
        // Both tables exist from the ingest's start (an empty quarantine for a clean log).
        Dataset<Row> rows = spark.read().format("delta").load(layout.events())
                .select(LakeLayout.KAFKA_PARTITION, LakeLayout.KAFKA_OFFSET)
                .union(spark.read().format("delta").load(layout.quarantine())
                        .select(LakeLayout.KAFKA_PARTITION, LakeLayout.KAFKA_OFFSET));
        long total = rows.count();
        long distinct = rows.distinct().count();
        assertEquals(topicRecords, total, "every record of the topic is in the lake (events + quarantine)");
        assertEquals(total, distinct, "no record twice");
    }

    @Test
    @Order(4)
    void trainOnYarnMakesTheFirstChampionAndExitsZero() throws Exception {
        DeployScript.Result r = DeployScript.finish(deploy.start("--env-file", env(), "--no-build", "train"), SUBMISSION);

        assertEquals(ExitCodes.OK, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("final status: SUCCEEDED"), "ran as a YARN application in cluster mode");
        assertTrue(exists(models + "/" + ModelRegistry.CHAMPION_FILE), "a champion is registered on HDFS");
    }

    @Test
    @Order(5)
    void aKilledScheduledRunLosesItsLeaseAndTheNextScheduledRunTakesItOverWithItsOwnExitCode() throws Exception {
        String cron = crontabCommand();
        String championBefore = read(models + "/" + ModelRegistry.CHAMPION_FILE);
        String lease = models + "/" + ModelRegistry.LOCK_FILE;

        // kill -9 of the train's JVM (client mode: the driver runs in it) once it holds the lease.
        DeployScript.Running doomed = deploy.startShell(cron);
        await("the scheduled run to take the training lease", Duration.ofMinutes(3),
                () -> exists(lease) ? Optional.of(true) : Optional.empty());
        List<ProcessHandle> jvms = doomed.process().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false)).toList();
        assertEquals(1, jvms.size(), "one train JVM under the crontab command");
        jvms.get(0).destroyForcibly();
        doomed.process().waitFor();
        assertTrue(exists(lease), "the dead run left its lease behind");

        DeployScript.Running next = deploy.startShell(cron);
        // Meanwhile a run of the same job on this host is refused by deploy.sh's lock (held once it logs "submitting").
        await("the next scheduled run to hold deploy.sh's lock", Duration.ofMinutes(1),
                () -> readLog().split("submitting train to yarn", -1).length > 2 ? Optional.of(true) : Optional.empty());
        DeployScript.Result overlapping = DeployScript.finish(deploy.start("--env-file", env(), "--no-build", "train"), SUBMISSION);
        assertEquals(ExitCodes.LOCKED, overlapping.exitCode(), overlapping.stderr());

        DeployScript.Result scheduled = DeployScript.finish(next, Duration.ofMinutes(12));
        String log = readLog();
        assertTrue(log.contains("took over the training lease " + lease + " from a dead run"), log);
        int code = scheduled.exitCode();
        assertTrue(code == ExitCodes.OK || code == ExitCodes.NOT_PROMOTED, "exit " + code + "\n" + log);
        String championAfter = read(models + "/" + ModelRegistry.CHAMPION_FILE);
        if (code == ExitCodes.OK) {
            assertNotEquals(championBefore, championAfter, "exit 0: the new version is the champion\n" + log);
        } else {
            assertEquals(championBefore, championAfter, "exit 5: the champion stayed\n" + log);
        }
        assertTrue(!exists(lease), "the lease is released at the end");
    }

    @Test
    @Order(6)
    void aClusterModeTrainThatFindsTheRegistryLeaseHeldExitsLockedWithTheApplicationsOwnCode() throws Exception {
        // Another host's training run holds the registry's lease (and renews it) ...
        ModelRegistry registry = new ModelRegistry(models, cluster.clientConfiguration()).withLeaseTimeout(LEASE_TIMEOUT);
        try (AutoCloseable otherHost = registry.lock()) {
            // ... so a run from here, past deploy.sh's own lock (a host has its own), is refused in its YARN container.
            DeployScript.Result r = DeployScript.finish(deploy.start("--env-file", env(), "--no-build", "train"), SUBMISSION);

            assertEquals(ExitCodes.LOCKED, r.exitCode(), r.stderr());
            assertTrue(r.stderr().contains("User application exited with status 4"), r.stderr());
        }
    }

    @Test
    @Order(7)
    void scoreAndReportWriteTheirOutputsOnHdfs() throws Exception {
        String scores = cluster.hdfsUri() + "/sparkify/scores";
        String report = cluster.hdfsUri() + "/sparkify/report.html";

        // Two YARN applications at once, as a scheduler may start them: the nodemanager has room for both.
        DeployScript.Running scoring = deploy.start("--env-file", env(), "--no-build", "score", "--input", lake, "--out", scores);
        DeployScript.Running reporting = deploy.start("--env-file", env(), "--no-build", "report", "--input", lake, "--out", report);
        DeployScript.Result score = DeployScript.finish(scoring, SUBMISSION);
        DeployScript.Result html = DeployScript.finish(reporting, SUBMISSION);

        assertEquals(0, score.exitCode(), score.stderr());
        assertTrue(exists(scores) && hdfs.getContentSummary(new org.apache.hadoop.fs.Path(scores)).getLength() > 0,
                "scores on HDFS");
        assertEquals(0, html.exitCode(), html.stderr());
        assertTrue(read(report).contains("<html"), "an HTML report on HDFS");
        // ... and YARN ran them side by side: each application master started before the other application ended.
        ApplicationReport s = app("sparkify-score").orElseThrow();
        ApplicationReport h = app("sparkify-report").orElseThrow();
        assertTrue(s.getLaunchTime() < h.getFinishTime() && h.getLaunchTime() < s.getFinishTime(),
                "score ran " + s.getLaunchTime() + ".." + s.getFinishTime() + ", report " + h.getLaunchTime() + ".."
                        + h.getFinishTime() + ": one waited for the other");
    }

    /** Where the class's time went: each YARN application's attempts, from submission to finish (test output). */
    private void printTimeline() {
        try {
            for (ApplicationReport a : yarn.getApplications(EnumSet.allOf(YarnApplicationState.class)).stream()
                    .sorted(Comparator.comparingLong(ApplicationReport::getStartTime)).toList()) {
                System.out.printf("yarn %s %-16s %5.1f s (%4.1f s before its AM launched) %s attempts=%d%n",
                        a.getApplicationId(), a.getName(),
                        ((a.getFinishTime() > 0 ? a.getFinishTime() : System.currentTimeMillis()) - a.getStartTime()) / 1e3,
                        (a.getLaunchTime() - a.getStartTime()) / 1e3,
                        a.getFinalApplicationStatus(), a.getCurrentApplicationAttemptId().getAttemptId());
            }
        } catch (Exception e) {
            System.out.println("no YARN timeline: " + e);
        }
    }

    private void produce(String... range) throws Exception {
        Path log = Files.createTempFile(work, "produce", ".txt");
        java.util.List<String> cmd = new java.util.ArrayList<>(List.of(PROJECT.resolve("sparkify").toString(), "produce",
                "--file", SampleData.small().toString(), "--json", "--no-progress"));
        cmd.addAll(List.of(range));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SPARKIFY_CONF", cluster.clientFiles().sparkifyConf().toString());
        pb.environment().put("SPARKIFY_SKIP_BUILD", "1");
        pb.environment().put("SPARKIFY_HEAP", "512m");
        Process produce = pb.start();
        assertTrue(produce.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "produce finishes");
        assertEquals(0, produce.exitValue(), Files.readString(log));
    }

    /** The shipped crontab entry's command, with the install paths replaced by this project and cluster. */
    private String crontabCommand() throws IOException {
        String entry = Files.readAllLines(PROJECT.resolve("conf/schedule/crontab.example"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
        String command = entry.split("\\s+", 6)[5];
        return command.replace("/opt/sparkify", PROJECT.toString())
                .replace("conf/cluster/deploy.env", env())
                .replace("/var/log/sparkify/retrain.log", work.resolve("retrain.log").toString());
    }

    private String readLog() {
        try {
            Path log = work.resolve("retrain.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private String env() {
        return cluster.clientFiles().deployEnv().toString();
    }

    private String checkpoint() {
        return new LakeLayout(lake).checkpoint("ingest");
    }

    /** Records the ingest's last committed batch covers: the end offsets in its checkpoint's newest offsets file. */
    private long committedOffsets() {
        try {
            org.apache.hadoop.fs.Path commits = new org.apache.hadoop.fs.Path(checkpoint() + "/events/commits");
            if (!hdfs.exists(commits)) {
                return 0;
            }
            long last = -1;
            for (var st : hdfs.listStatus(commits)) {
                String n = st.getPath().getName();
                if (n.matches("\\d+")) {
                    last = Math.max(last, Long.parseLong(n));
                }
            }
            if (last < 0) {
                return 0;
            }
            // The offsets file's last line: {"sparkify-events":{"0":123,"1":456,...}}
            String offsets = read(checkpoint() + "/events/offsets/" + last);
            String json = offsets.lines().reduce((a, b) -> b).orElse("{}");
            long sum = 0;
            var m = java.util.regex.Pattern.compile("\"\\d+\":(\\d+)").matcher(json);
            while (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
            return sum;
        } catch (IOException e) {
            return 0;
        }
    }

    private Optional<ApplicationReport> app(String name) {
        try {
            return yarn.getApplications(EnumSet.allOf(YarnApplicationState.class)).stream()
                    .filter(a -> a.getName().equals(name))
                    .max(Comparator.comparingLong(ApplicationReport::getStartTime));
        } catch (Exception e) {
            throw new IllegalStateException("cannot list YARN applications: " + e.getMessage(), e);
        }
    }

    private boolean exists(String uri) {
        try {
            return hdfs.exists(new org.apache.hadoop.fs.Path(uri));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String read(String uri) throws IOException {
        try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(uri))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static <T> T await(String what, Duration timeout, java.util.function.Supplier<Optional<T>> probe)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    private static long topicRecords(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, OffsetSpec> earliest = partitions.stream().collect(Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.earliest()));
            var ends = admin.listOffsets(latest).all().get();
            var starts = admin.listOffsets(earliest).all().get();
            return ends.entrySet().stream().mapToLong(e -> e.getValue().offset() - starts.get(e.getKey()).offset()).sum();
        }
    }
}
