package io.sparkify.deploy;

import static io.sparkify.deploy.DeployScriptTest.shellWords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.cli.ExitCodes;
import io.sparkify.testsupport.SampleData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduling examples in conf/schedule/ run a real command: the crontab line's and the
 * systemd unit's deploy.sh invocations are accepted by deploy.sh (run with --dry-run from the
 * project, which stands for the install directory they name), the files they point at exist,
 * the timer starts the service, and both schedules agree.
 */
class ScheduleFilesTest {

    private static final Path PROJECT = SampleData.projectDir();
    private static final Path SCHEDULE = PROJECT.resolve("conf/schedule");
    private static final Pattern CRON_COMMAND =
            Pattern.compile("cd (\\S+) && ((?:[A-Z_]+=\\S+ )*)\\./deploy\\.sh (.+?) >>\\s*(\\S+) 2>&1");

    @TempDir
    Path work;

    @Test
    void theCrontabLineRunsAClientModeTrainThatDeployShAccepts() throws Exception {
        List<String> entries = Files.readAllLines(SCHEDULE.resolve("crontab.example"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(1, entries.size(), entries.toString());
        String[] fields = entries.get(0).split("\\s+", 6);
        assertEquals(List.of("30", "2", "*", "*", "0"), List.of(fields).subList(0, 5), "Sundays 02:30");
        Matcher m = CRON_COMMAND.matcher(fields[5]);
        assertTrue(m.matches(), fields[5]);
        assertEquals(unit("sparkify-retrain.service").get("WorkingDirectory"), m.group(1),
                "cron and systemd name the same install directory");

        DeployScript deploy = new DeployScript(PROJECT, work);
        for (String assignment : shellWords(m.group(2))) {
            deploy.env(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        DeployScript.Result r = deploy.run(dryRun(shellWords(m.group(3))));

        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains(" spark-submit --master yarn --deploy-mode client ")
                || r.stdout().contains("/bin/spark-submit --master yarn --deploy-mode client ")
                || r.stdout().contains(" org.apache.spark.deploy.SparkSubmit --master yarn --deploy-mode client "),
                r.stdout());
        assertTrue(r.stdout().strip().endsWith(" train"), r.stdout());
    }

    @Test
    void theSystemdServiceRunsDeployShFromItsInstallDirectoryWithTheClusterSettings() throws Exception {
        Map<String, String> service = unit("sparkify-retrain.service");
        String home = service.get("WorkingDirectory");
        List<String> exec = shellWords(service.get("ExecStart"));
        Path envFile = installed(home, service.get("EnvironmentFile"));

        assertEquals("oneshot", service.get("Type"));
        assertEquals(home + "/deploy.sh", exec.get(0));
        assertTrue(Files.isRegularFile(envFile), envFile + " exists in the project");
        assertTrue(List.of(service.get("SuccessExitStatus").split("\\s+")).contains(String.valueOf(ExitCodes.NOT_PROMOTED)),
                "trained but not promoted is a normal outcome");

        DeployScript deploy = new DeployScript(PROJECT, work);
        for (String assignment : shellWords(service.getOrDefault("Environment", ""))) {
            deploy.env(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        List<String> args = new ArrayList<>(List.of("--env-file", PROJECT.relativize(envFile).toString()));
        args.addAll(exec.subList(1, exec.size()));
        DeployScript.Result r = deploy.run(dryRun(args));

        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("--deploy-mode client"), r.stdout());
        assertTrue(r.stdout().contains(PROJECT.resolve("conf/cluster/sparkify.properties").toString()),
                "ships the cluster's sparkify conf: " + r.stdout());
    }

    @Test
    void theTimerStartsTheServiceOnTheCrontabsSchedule() throws Exception {
        Map<String, String> timer = unit("sparkify-retrain.timer");

        assertTrue(Files.isRegularFile(SCHEDULE.resolve(timer.get("Unit"))), timer.get("Unit"));
        assertEquals("Sun *-*-* 02:30:00 UTC", timer.get("OnCalendar"));
        assertEquals("true", timer.get("Persistent"));
        assertEquals("timers.target", timer.get("WantedBy"));
    }

    /** --dry-run first, then the arguments as the scheduler gives them. */
    private static String[] dryRun(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--dry-run"));
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    /** A file the unit names under the install directory, found in the project instead. */
    private static Path installed(String home, String path) {
        assertTrue(path.startsWith(home + "/"), path + " is under " + home);
        return PROJECT.resolve(path.substring(home.length() + 1));
    }

    /** KEY=value lines of a systemd unit, all sections together (the keys used here are unique). */
    private static Map<String, String> unit(String file) throws Exception {
        Map<String, String> keys = new HashMap<>();
        for (String line : Files.readAllLines(SCHEDULE.resolve(file), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            keys.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return keys;
    }
}
