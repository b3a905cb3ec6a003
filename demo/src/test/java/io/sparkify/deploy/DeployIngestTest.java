package io.sparkify.deploy;

import static io.sparkify.deploy.DeployScriptTest.confs;
import static io.sparkify.deploy.DeployScriptTest.shellWords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.cli.ExitCodes;
import io.sparkify.testsupport.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy.sh ingest: streaming or draining is decided by the trigger the job will actually use
 * (its flag, SPARKIFY_INGEST_TRIGGER, the shipped conf file), and a second ingest never starts
 * beside a running one, whether the first is still being submitted from this host (lock) or
 * already runs on YARN ({@code yarn application -list}).
 */
class DeployIngestTest {

    private final Path project = SampleData.projectDir();

    @TempDir
    Path work;

    private DeployScript deploy;

    @BeforeEach
    void setUp() {
        deploy = new DeployScript(project, work);
    }

    @Test
    void aConfFileThatSaysAvailableNowMakesADrainingIngestThatIsWaitedFor() throws Exception {
        Path conf = Files.writeString(work.resolve("sparkify.properties"),
                "lake.uri=hdfs://nn:8020/lake\n  ingest.trigger : Available-Now  \n");

        List<String> confs = confs(shellWords(deploy.run("--dry-run", "--sparkify-conf", conf.toString(), "ingest").stdout()));

        assertDraining(confs);
    }

    @Test
    void stopIngestCreatesTheStopFileTheJobPollsAtItsResolvedCheckpoint() throws Exception {
        // A stand-in for "hdfs dfs -touchz URI" that creates the file on the local file system.
        Path hdfs = Files.writeString(work.resolve("fake-hdfs"), """
                #!/usr/bin/env bash
                [ "$1 $2" = "dfs -touchz" ] || exit 64
                mkdir -p "$(dirname "$3")" && touch "$3"
                """);
        Files.setPosixFilePermissions(hdfs, PosixFilePermissions.fromString("rwx------"));
        deploy.env("DEPLOY_HDFS_CLI", hdfs.toString());
        Path conf = Files.writeString(work.resolve("sparkify.properties"), "lake.uri=" + work.resolve("lake") + "\n");

        DeployScript.Result fromConf = deploy.run("--sparkify-conf", conf.toString(), "stop-ingest");
        DeployScript.Result fromEnv = deploy.env("SPARKIFY_CHECKPOINT_URI", work.resolve("cp").toString())
                .run("--sparkify-conf", conf.toString(), "stop-ingest");
        DeployScript.Result fromFlag = deploy.run("--sparkify-conf", conf.toString(), "stop-ingest",
                "--stop-file", work.resolve("elsewhere/STOP").toString());

        assertEquals(ExitCodes.OK, fromConf.exitCode(), fromConf.stderr());
        assertTrue(Files.exists(work.resolve("lake/_checkpoints/ingest/STOP")), "default: <lake>/_checkpoints/ingest/STOP");
        assertEquals(ExitCodes.OK, fromEnv.exitCode(), fromEnv.stderr());
        assertTrue(Files.exists(work.resolve("cp/STOP")), "SPARKIFY_CHECKPOINT_URI wins over the conf's lake");
        assertEquals(ExitCodes.OK, fromFlag.exitCode(), fromFlag.stderr());
        assertTrue(Files.exists(work.resolve("elsewhere/STOP")), "the job's --stop-file wins");
    }

    @Test
    void stopIngestFailsWhenTheStopFileCannotBeCreated() throws Exception {
        deploy.env("DEPLOY_HDFS_CLI", "false");

        DeployScript.Result r = deploy.run("stop-ingest", "--lake", "hdfs://nn:8020/lake");

        assertEquals(ExitCodes.FAILURE, r.exitCode());
        assertTrue(r.stderr().contains("could not create hdfs://nn:8020/lake/_checkpoints/ingest/STOP"), r.stderr());
    }

    @Test
    void theEnvironmentsTriggerDecidesAndReachesTheClusterModeDriver() throws Exception {
        deploy.env("SPARKIFY_INGEST_TRIGGER", "available-now");

        List<String> confs = confs(shellWords(deploy.run("--dry-run", "ingest").stdout()));

        assertDraining(confs);
        assertTrue(confs.contains("spark.yarn.appMasterEnv.SPARKIFY_INGEST_TRIGGER=available-now"),
                "the driver in the YARN container resolves the same trigger: " + confs);
    }

    @Test
    void theJobsTriggerFlagWinsOverTheEnvironmentAndTheConfFile() throws Exception {
        Path conf = Files.writeString(work.resolve("sparkify.properties"), "ingest.trigger=available-now\n");
        deploy.env("SPARKIFY_INGEST_TRIGGER", "available-now");

        for (List<String> flag : List.of(List.of("--trigger", "processing-time=5s"), List.of("--trigger=processing-time=5s"))) {
            List<String> args = new ArrayList<>(List.of("--dry-run", "--sparkify-conf", conf.toString(), "ingest"));
            args.addAll(flag);
            List<String> confs = confs(shellWords(deploy.run(args.toArray(String[]::new)).stdout()));

            assertTrue(confs.contains("spark.yarn.maxAppAttempts=4"), flag + ": " + confs);
            assertTrue(confs.contains("spark.yarn.submit.waitAppCompletion=false"), flag + ": " + confs);
        }
        // The shipped conf's processing-time is overridden the other way too.
        Path streamingConf = Files.writeString(work.resolve("streaming.properties"), "ingest.trigger=processing-time=10s\n");
        deploy.env("SPARKIFY_INGEST_TRIGGER", "processing-time=1m");
        assertDraining(confs(shellWords(deploy.run("--dry-run", "--sparkify-conf", streamingConf.toString(),
                "ingest", "--trigger", "available-now").stdout())));
    }

    @Test
    void aDrainingIngestFromTheConfFileReportsTheApplicationsExitCode() throws Exception {
        StandIns.install(work, deploy);
        Path conf = Files.writeString(work.resolve("sparkify.properties"), "ingest.trigger=available-now\n");
        // What the YARN client prints when the driver ended with status 3 (brokers unreachable).
        deploy.env("FAKE_EXIT", "1").env("FAKE_STDERR", "\t diagnostics: User application exited with status 3");

        DeployScript.Result r = deploy.run("--no-yarn-check", "--sparkify-conf", conf.toString(), "ingest");

        assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r.stderr());
    }

    @Test
    void aSecondIngestWhileTheFirstIsBeingSubmittedExitsLocked() throws Exception {
        StandIns fake = StandIns.install(work, deploy);
        Path release = work.resolve("release");
        deploy.env("FAKE_WAIT_FOR", release.toString());

        DeployScript.Running first = deploy.start("--no-yarn-check", "ingest");
        DeployScriptTest.waitFor(fake.submitted());
        DeployScript.Result second = deploy.run("--no-yarn-check", "ingest");
        Files.writeString(release, "go");
        DeployScript.Result firstResult = DeployScript.finish(first);

        assertEquals(ExitCodes.LOCKED, second.exitCode(), second.stderr());
        assertTrue(second.stderr().contains("holds the lock"), second.stderr());
        assertEquals(0, firstResult.exitCode(), firstResult.stderr());
        assertEquals(1, Files.readAllLines(fake.submitted()).size(), "the locked run submitted nothing");
    }

    @Test
    void anIngestThatYarnAlreadyRunsIsNotSubmittedAgain() throws Exception {
        StandIns fake = StandIns.install(work, deploy);
        deploy.env("FAKE_YARN_LIST", fake.yarnListing(List.of("sparkify-train:RUNNING", "sparkify-ingest:ACCEPTED")).toString());

        DeployScript.Result r = deploy.run("ingest");

        assertEquals(ExitCodes.LOCKED, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("application_1700000000000_0002"), "names the running application: " + r.stderr());
        assertTrue(Files.readString(fake.yarnCalls()).contains("application -list"), Files.readString(fake.yarnCalls()));
        assertFalse(Files.exists(fake.submitted()), "nothing submitted");
    }

    @Test
    void anIngestIsSubmittedWhenYarnRunsNoneOfThatName() throws Exception {
        StandIns fake = StandIns.install(work, deploy);
        deploy.env("FAKE_YARN_LIST", fake.yarnListing(List.of("sparkify-train:RUNNING", "sparkify-ingest-old:RUNNING")).toString());

        DeployScript.Result r = deploy.run("ingest");

        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(1, Files.readAllLines(fake.submitted()).size());
        // Another name is another checkpoint's stream: --name chooses which one is checked.
        DeployScript.Result named = deploy.run("--name", "sparkify-ingest-old", "ingest");
        assertEquals(ExitCodes.LOCKED, named.exitCode(), named.stderr());
    }

    @Test
    void aYarnListingThatFailsStopsTheSubmissionUnlessTheCheckIsTurnedOff() throws Exception {
        StandIns fake = StandIns.install(work, deploy);
        deploy.env("FAKE_YARN_EXIT", "255");

        DeployScript.Result failed = deploy.run("ingest");
        DeployScript.Result unchecked = deploy.run("--no-yarn-check", "ingest");

        assertEquals(ExitCodes.FAILURE, failed.exitCode(), failed.stderr());
        assertTrue(failed.stderr().contains("--no-yarn-check"), failed.stderr());
        assertEquals(0, unchecked.exitCode(), unchecked.stderr());
        assertEquals(1, Files.readAllLines(fake.yarnCalls()).size(), "--no-yarn-check does not ask YARN");
        assertEquals(1, Files.readAllLines(fake.submitted()).size(), "only the unchecked run submitted");
    }

    @Test
    void aYarnOnThePathThatIsNotHadoopsIsNotAskedAndTheSubmissionGoesOn() throws Exception {
        StandIns fake = StandIns.install(work, deploy);
        // A yarn without a hadoop beside it, as Node's package manager installs it.
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path calls = work.resolve("node-yarn-calls.txt");
        Path nodeYarn = Files.writeString(bin.resolve("yarn"), "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\n");
        Files.setPosixFilePermissions(nodeYarn, PosixFilePermissions.fromString("rwx------"));
        deploy.env("DEPLOY_YARN_CLI", "").env("PATH", bin + ":" + System.getenv("PATH"));

        DeployScript.Result r = deploy.run("ingest");

        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("no Hadoop yarn CLI found"), r.stderr());
        assertFalse(Files.exists(calls), "Node's yarn was run");
        assertEquals(1, Files.readAllLines(fake.submitted()).size());
    }

    private static void assertDraining(List<String> confs) {
        assertTrue(confs.contains("spark.yarn.maxAppAttempts=1"), confs.toString());
        assertTrue(confs.contains("spark.yarn.submit.waitAppCompletion=true"), confs.toString());
        assertFalse(confs.stream().anyMatch(c -> c.startsWith("spark.yarn.am.attemptFailuresValidityInterval")), confs.toString());
    }
}
