package io.sparkify.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.cli.ExitCodes;
import io.sparkify.testsupport.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deploy.sh: the spark-submit command it builds (--dry-run), where its settings come from, its
 * usage errors, the lock that keeps two scheduled runs apart and the exit codes a scheduler sees.
 * Runs other than --dry-run use a stand-in spark-submit (SPARK_SUBMIT) that records its arguments
 * and exits as told: no cluster is needed to test the script's own behaviour.
 */
class DeployScriptTest {

    private final Path project = SampleData.projectDir();

    @TempDir
    Path work;

    private DeployScript deploy;

    @BeforeEach
    void setUp() {
        deploy = new DeployScript(project, work);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ingest,  streaming-ingest/target/sparkify-ingest-job.jar, io.sparkify.ingest.cli.IngestMain",
        "compact, streaming-ingest/target/sparkify-ingest-job.jar, io.sparkify.ingest.cli.IngestMain",
        "train,   churn-batch/target/sparkify-churn-job.jar,       io.sparkify.churn.cli.ChurnMain",
        "score,   churn-batch/target/sparkify-churn-job.jar,       io.sparkify.churn.cli.ChurnMain",
        "report,  churn-batch/target/sparkify-churn-job.jar,       io.sparkify.churn.cli.ChurnMain",
    })
    void dryRunPrintsASparkSubmitToYarnWithTheJobsJarMainClassAndConfFiles(String job, String jar, String mainClass)
            throws Exception {
        // A Spark distribution's spark-submit on the PATH (without one, see the Java-only test below).
        deploy.env("SPARK_SUBMIT", "spark-submit");
        DeployScript.Result r = deploy.run("--dry-run", job, "--some-job-flag", "value with space");

        assertEquals(0, r.exitCode(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.stdout());
        assertTrue(lines.get(0).startsWith("spark-submit --master yarn "), lines.get(0));

        List<String> words = shellWords(lines.get(0));
        assertEquals("cluster", valueOf(words, "--deploy-mode"));
        assertEquals(mainClass, valueOf(words, "--class"));
        assertEquals(project.resolve("conf/log4j2.properties") + "," + project.resolve("conf/sparkify.properties"),
                valueOf(words, "--files"));
        List<String> confs = confs(words);
        assertTrue(confs.contains("spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=log4j2.properties"), confs.toString());
        assertTrue(confs.contains("spark.executor.extraJavaOptions=-Dlog4j2.configurationFile=log4j2.properties"), confs.toString());
        assertTrue(confs.contains("spark.yarn.appMasterEnv.SPARKIFY_CONF=sparkify.properties"), confs.toString());
        assertTrue(confs.contains("spark.executorEnv.SPARKIFY_CONF=sparkify.properties"), confs.toString());

        // The application: the jar, then the job's command name, then its arguments unchanged.
        int jarAt = words.indexOf(project.resolve(jar).toString());
        assertTrue(jarAt > 0, "jar " + jar + " in " + words);
        assertEquals(List.of(job, "--some-job-flag", "value with space"), words.subList(jarAt + 1, words.size()));
    }

    @Test
    void streamingIngestIsRestartedByYarnAndNotWaitedFor() throws Exception {
        List<String> confs = confs(shellWords(deploy.run("--dry-run", "ingest").stdout()));

        assertTrue(confs.contains("spark.yarn.maxAppAttempts=4"), confs.toString());
        assertTrue(confs.contains("spark.yarn.am.attemptFailuresValidityInterval=1h"), confs.toString());
        assertTrue(confs.contains("spark.yarn.submit.waitAppCompletion=false"), confs.toString());
    }

    @Test
    void batchJobsAndADrainingIngestAreWaitedForAndNotRetriedByYarn() throws Exception {
        for (String[] args : List.of(new String[] {"--dry-run", "train"},
                new String[] {"--dry-run", "ingest", "--trigger", "available-now"})) {
            List<String> confs = confs(shellWords(deploy.run(args).stdout()));

            assertTrue(confs.contains("spark.yarn.maxAppAttempts=1"), confs.toString());
            assertTrue(confs.contains("spark.yarn.submit.waitAppCompletion=true"), confs.toString());
            assertFalse(confs.stream().anyMatch(c -> c.startsWith("spark.yarn.am.attemptFailuresValidityInterval")));
        }
    }

    @Test
    void settingsComeFromTheEnvironmentAndFlagsWin() throws Exception {
        Path keytab = Files.writeString(work.resolve("sparkify.keytab"), "not a real keytab");
        deploy.env("DEPLOY_QUEUE", "etl")
                .env("DEPLOY_EXECUTOR_MEMORY", "3g")
                .env("DEPLOY_NUM_EXECUTORS", "7")
                .env("DEPLOY_SPARK_CONF", "spark.a=1 spark.b=2")
                .env("SPARK_HOME", "/opt/spark-4.2.0");

        List<String> words = shellWords(deploy.run("--dry-run", "--executor-memory", "4g", "--executor-cores", "3",
                "--principal", "sparkify@EXAMPLE.COM", "--keytab", keytab.toString(),
                "--conf", "spark.c=3 with space", "score").stdout());

        assertEquals("/opt/spark-4.2.0/bin/spark-submit", words.get(0));
        assertEquals("etl", valueOf(words, "--queue"));
        assertEquals("4g", valueOf(words, "--executor-memory"));
        assertEquals("3", valueOf(words, "--executor-cores"));
        assertEquals("7", valueOf(words, "--num-executors"));
        assertEquals("sparkify@EXAMPLE.COM", valueOf(words, "--principal"));
        assertEquals(keytab.toString(), valueOf(words, "--keytab"));
        List<String> confs = confs(words);
        assertTrue(confs.containsAll(List.of("spark.a=1", "spark.b=2", "spark.c=3 with space")), confs.toString());
    }

    @Test
    void clusterEnvFileShipsTheClusterConfAndTheEnvironmentStillWins() throws Exception {
        deploy.env("DEPLOY_DRIVER_MEMORY", "5g");

        List<String> words = shellWords(deploy.run("--dry-run", "--env-file", "conf/cluster/deploy.env", "train").stdout());

        assertEquals(project.resolve("conf/log4j2.properties") + "," + project.resolve("conf/cluster/sparkify.properties"),
                valueOf(words, "--files"));
        assertEquals(project.resolve("conf/cluster/spark-defaults.conf").toString(), valueOf(words, "--properties-file"),
                "absolute, like the conf files: the command means the same from any working directory");
        assertEquals("default", valueOf(words, "--queue"));
        assertEquals("5g", valueOf(words, "--driver-memory"));
    }

    @Test
    void clientModeGivesTheLocalDriverTheLocalConfFiles() throws Exception {
        deploy.env("SPARK_SUBMIT", "spark-submit");
        String line = deploy.run("--dry-run", "--deploy-mode", "client", "train").stdout().strip();

        assertTrue(line.startsWith("SPARKIFY_CONF=" + project.resolve("conf/sparkify.properties") + " spark-submit --master yarn "), line);
        assertTrue(confs(shellWords(line)).contains(
                "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=" + project.resolve("conf/log4j2.properties")));
    }

    /** Spark's UI start races the AM's web-proxy filter in YARN client mode (deploy.sh says how). */
    @Test
    void aClientModeDriverOnYarnStartsNoUiUnlessAskedTo() throws Exception {
        List<String> client = confs(shellWords(deploy.run("--dry-run", "--deploy-mode", "client", "train").stdout().strip()));
        List<String> cluster = confs(shellWords(deploy.run("--dry-run", "train").stdout().strip()));
        List<String> asked = confs(shellWords(deploy.run("--dry-run", "--deploy-mode", "client", "--conf", "spark.ui.enabled=true",
                "train").stdout().strip()));

        assertTrue(client.contains("spark.ui.enabled=false"), client.toString());
        assertTrue(cluster.stream().noneMatch(c -> c.startsWith("spark.ui.enabled")), cluster.toString());
        assertEquals("spark.ui.enabled=true", asked.stream().filter(c -> c.startsWith("spark.ui.enabled")).reduce((a, b) -> b)
                .orElseThrow(), "the last --conf wins in spark-submit: " + asked);
    }

    @Test
    void withoutASparkDistributionSparkSubmitRunsFromTheBuildsSparkJarsAndShipsThemToYarn() throws Exception {
        Path jars = project.resolve("spark-runtime/target/spark-jars");

        List<String> words = shellWords(deploy.run("--dry-run", "train").stdout().strip());

        int main = words.indexOf("org.apache.spark.deploy.SparkSubmit");
        assertTrue(main > 0, words.toString());
        assertTrue(words.get(0).endsWith("java"), words.toString());
        assertEquals(jars + "/*", words.get(words.indexOf("-cp") + 1), "the build's Spark jars on the submitter's classpath");
        assertEquals("yarn", words.get(main + 2), words.toString());
        assertTrue(confs(words).contains("spark.yarn.jars=" + jars + "/*"), "the containers get the same jars, uploaded");
        List<String> onThisHost = shellWords(deploy.env("DEPLOY_SPARK_JARS_LOCAL", "true").run("--dry-run", "train")
                .stdout().strip());
        assertTrue(confs(onThisHost).contains("spark.yarn.jars=local:" + jars + "/*"), "or read in place by this host's nodes");
    }

    @Test
    void withoutASparkDistributionAClientModeDriverGetsTheDriverMemoryAndTheLocalLogConfig() throws Exception {
        List<String> words = shellWords(deploy.run("--dry-run", "--deploy-mode", "client", "--driver-memory", "3g", "train")
                .stdout().strip());

        int main = words.indexOf("org.apache.spark.deploy.SparkSubmit");
        List<String> jvm = words.subList(0, main);
        assertTrue(jvm.contains("-Xmx3g"), jvm.toString());
        assertTrue(jvm.contains("-Dlog4j2.configurationFile=" + project.resolve("conf/log4j2.properties")), jvm.toString());
    }

    @Test
    void badUsageExitsTwoAndSubmitsNothing() throws Exception {
        Path submitted = fakeSparkSubmit();
        List<String[]> bad = List.of(
                new String[] {},
                new String[] {"deploy-everything"},
                new String[] {"--frobnicate", "train"},
                new String[] {"--principal", "me@EXAMPLE.COM", "train"},
                new String[] {"--deploy-mode", "sideways", "train"},
                new String[] {"--num-executors", "many", "train"},
                new String[] {"--sparkify-conf", work.resolve("missing.properties").toString(), "train"},
                new String[] {"--env-file", work.resolve("missing.env").toString(), "train"});
        for (String[] args : bad) {
            DeployScript.Result r = deploy.run(args);

            assertEquals(ExitCodes.USAGE, r.exitCode(), String.join(" ", args) + ": " + r.stderr());
            assertTrue(r.stderr().contains("deploy.sh: "), r.stderr());
            assertEquals("", r.stdout());
        }
        assertFalse(Files.exists(submitted), "spark-submit must not run on bad usage");
    }

    @Test
    void aMissingJarWithNoBuildIsAUsageError() throws Exception {
        fakeSparkSubmit();
        deploy.env("DEPLOY_CHURN_JAR", work.resolve("no-such.jar").toString());

        DeployScript.Result r = deploy.run("--no-build", "train");

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.stderr().contains("no-such.jar"), r.stderr());
    }

    @Test
    void helpListsTheSettingsAndExitCodes() throws Exception {
        DeployScript.Result r = deploy.run("--help");

        assertEquals(0, r.exitCode());
        for (String s : List.of("DEPLOY_MASTER", "DEPLOY_MODE", "DEPLOY_QUEUE", "DEPLOY_EXECUTOR_MEMORY", "DEPLOY_PRINCIPAL",
                "DEPLOY_KEYTAB", "DEPLOY_SPARK_CONF", "DEPLOY_LOCK_FILE", "SPARK_SUBMIT", "--dry-run", "Exit codes")) {
            assertTrue(r.stdout().contains(s), s);
        }
    }

    @Test
    void aSecondTrainWhileOneRunsExitsLockedAndTheLockIsFreedAfterwards() throws Exception {
        Path submitted = fakeSparkSubmit();
        Path release = work.resolve("release");
        deploy.env("FAKE_WAIT_FOR", release.toString());

        DeployScript.Running first = deploy.start("train");
        waitFor(submitted);
        DeployScript.Result second = deploy.run("train");
        Files.writeString(release, "go");
        DeployScript.Result firstResult = DeployScript.finish(first);
        DeployScript.Result third = deploy.run("train");

        assertEquals(ExitCodes.LOCKED, second.exitCode(), second.stderr());
        assertTrue(second.stderr().contains("holds the lock"), second.stderr());
        assertTrue(second.stderr().contains("pid " + first.process().pid()), second.stderr());
        assertEquals(0, firstResult.exitCode(), firstResult.stderr());
        assertEquals(0, third.exitCode(), third.stderr());
        assertEquals(2, Files.readAllLines(submitted).size(), "the locked run submitted nothing");
    }

    @Test
    void theTrainJobsExitCodeReachesTheSchedulerInClientMode() throws Exception {
        fakeSparkSubmit();
        deploy.env("FAKE_EXIT", "5");

        assertEquals(ExitCodes.NOT_PROMOTED, deploy.run("--deploy-mode", "client", "train").exitCode());
    }

    @Test
    void inClusterModeTheApplicationsReportedStatusIsTheExitCode() throws Exception {
        fakeSparkSubmit();
        // What the YARN client prints when the application's driver ended with status 5.
        deploy.env("FAKE_EXIT", "1").env("FAKE_STDERR", "\t diagnostics: User application exited with status 5");
        assertEquals(ExitCodes.NOT_PROMOTED, deploy.run("train").exitCode());

        deploy.env("FAKE_STDERR", "\t diagnostics: User class threw exception: java.lang.IllegalStateException");
        assertEquals(ExitCodes.FAILURE, deploy.run("train").exitCode());

        deploy.env("FAKE_EXIT", "0").env("FAKE_STDERR", "\t final status: SUCCEEDED");
        assertEquals(ExitCodes.OK, deploy.run("train").exitCode());
    }

    private Path fakeSparkSubmit() throws IOException {
        return StandIns.install(work, deploy).submitted();
    }

    static void waitFor(Path file) throws InterruptedException {
        for (int i = 0; i < 300 && !Files.exists(file); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(file), "the first run did not reach spark-submit");
    }

    static String valueOf(List<String> words, String option) {
        int i = words.indexOf(option);
        assertTrue(i >= 0 && i + 1 < words.size(), option + " in " + words);
        return words.get(i + 1);
    }

    static List<String> confs(List<String> words) {
        List<String> confs = new ArrayList<>();
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals("--conf")) {
                confs.add(words.get(i + 1));
            }
        }
        return confs;
    }

    /** Splits a line the way the shell does for the quoting deploy.sh uses (bare words, '...', '\''). */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    w.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words.stream().collect(Collectors.toList());
    }
}
