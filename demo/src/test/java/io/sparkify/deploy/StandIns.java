package io.sparkify.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Stand-ins for the cluster programs deploy.sh runs, so that its own behaviour (lock, checks,
 * exit codes) is tested without a cluster:
 * <ul>
 *   <li>spark-submit (SPARK_SUBMIT): appends its arguments to {@link #submitted()}, waits for the
 *       file named by FAKE_WAIT_FOR if set, prints FAKE_STDERR and exits with FAKE_EXIT;</li>
 *   <li>yarn (DEPLOY_YARN_CLI): appends its arguments to {@link #yarnCalls()}, prints the file
 *       named by FAKE_YARN_LIST and exits with FAKE_YARN_EXIT.</li>
 * </ul>
 * The job jars are a dummy file, the lock directory is the test's.
 */
final class StandIns {

    /** The columns {@code yarn application -list} prints (Hadoop's ApplicationCLI), tab-separated and padded. */
    private static final String YARN_ROW = "%30s\t%20s\t%20s\t%10s\t%10s\t%18s\t%18s\t%15s\t%35s";

    private final Path dir;

    private StandIns(Path dir) {
        this.dir = dir;
    }

    /** Writes the stand-ins into {@code dir} and points {@code deploy} at them. */
    static StandIns install(Path dir, DeployScript deploy) throws IOException {
        StandIns s = new StandIns(dir);
        Path sparkSubmit = s.script("fake-spark-submit", """
                #!/usr/bin/env bash
                echo "$*" >> "%s"
                if [ -n "${FAKE_WAIT_FOR:-}" ]; then
                  for _ in $(seq 300); do [ -e "$FAKE_WAIT_FOR" ] && break; sleep 0.1; done
                fi
                [ -z "${FAKE_STDERR:-}" ] || echo "$FAKE_STDERR" >&2
                exit "${FAKE_EXIT:-0}"
                """.formatted(s.submitted()));
        Path yarn = s.script("fake-yarn", """
                #!/usr/bin/env bash
                echo "$*" >> "%s"
                [ -z "${FAKE_YARN_LIST:-}" ] || cat "$FAKE_YARN_LIST"
                exit "${FAKE_YARN_EXIT:-0}"
                """.formatted(s.yarnCalls()));
        Path jar = Files.writeString(dir.resolve("dummy-job.jar"), "not a jar");
        deploy.env("SPARK_SUBMIT", sparkSubmit.toString())
                .env("DEPLOY_YARN_CLI", yarn.toString())
                .env("DEPLOY_CHURN_JAR", jar.toString())
                .env("DEPLOY_INGEST_JAR", jar.toString())
                .env("DEPLOY_LOCK_DIR", dir.toString());
        return s;
    }

    /** One line per spark-submit run: its arguments. */
    Path submitted() {
        return dir.resolve("submitted.txt");
    }

    /** One line per yarn run: its arguments. */
    Path yarnCalls() {
        return dir.resolve("yarn-calls.txt");
    }

    /**
     * A file in the format of {@code yarn application -list}, listing {@code name} applications
     * in the given states, for FAKE_YARN_LIST.
     */
    Path yarnListing(List<String> namesAndStates) throws IOException {
        StringBuilder b = new StringBuilder("Total number of applications (application-types: [], states: "
                + "[NEW, NEW_SAVING, SUBMITTED, ACCEPTED, RUNNING] and tags: []):" + namesAndStates.size() + "\n");
        b.append(String.format(YARN_ROW, "Application-Id", "Application-Name", "Application-Type", "User", "Queue",
                "State", "Final-State", "Progress", "Tracking-URL")).append('\n');
        int n = 1;
        for (String nameAndState : namesAndStates) {
            String[] p = nameAndState.split(":");
            b.append(String.format(YARN_ROW, "application_1700000000000_000" + n++, p[0], "SPARK", "sparkify", "default",
                    p[1], "UNDEFINED", "10%", "http://nodemanager:4040")).append('\n');
        }
        return Files.writeString(dir.resolve("yarn-list.txt"), b.toString());
    }

    private Path script(String name, String text) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
