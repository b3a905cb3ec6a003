package io.sparkify.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's {@code deploy.sh} as a user would, with a controlled environment: no
 * SPARK_HOME, SPARK_SUBMIT, HADOOP_* or DEPLOY_* settings leak in from the machine running the tests.
 */
final class DeployScript {

    /** What a finished run printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** A run in progress, with the files its output goes to. */
    record Running(Process process, Path stdout, Path stderr) {
    }

    private final Path projectDir;
    private final Path workDir;
    private final Map<String, String> env = new HashMap<>();

    DeployScript(Path projectDir, Path workDir) {
        this.projectDir = projectDir;
        this.workDir = workDir;
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("DEPLOY_") && !k.startsWith("SPARK") && !k.startsWith("HADOOP_")) {
                env.put(k, e.getValue());
            }
        }
        env.put("TMPDIR", workDir.toString());
    }

    DeployScript env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Running start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", projectDir.resolve("deploy.sh").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "deploy-out", ".txt");
        Path err = Files.createTempFile(workDir, "deploy-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return new Running(pb.start(), out, err);
    }

    Result run(String... args) throws IOException, InterruptedException {
        return finish(start(args));
    }

    /** A shell command line (a crontab entry's command), run by bash -c in this controlled environment. */
    Running startShell(String commandLine) throws IOException {
        Path out = Files.createTempFile(workDir, "shell-out", ".txt");
        Path err = Files.createTempFile(workDir, "shell-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", commandLine).directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return new Running(pb.start(), out, err);
    }

    /** Waits (bounded) for a run and collects what it printed. */
    static Result finish(Running run) throws IOException, InterruptedException {
        return finish(run, java.time.Duration.ofSeconds(60));
    }

    static Result finish(Running run, java.time.Duration timeout) throws IOException, InterruptedException {
        if (!run.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            run.process().descendants().forEach(ProcessHandle::destroyForcibly);
            run.process().destroyForcibly();
            throw new IllegalStateException("deploy.sh did not finish within " + timeout.toSeconds() + " s; stderr: "
                    + tail(run.stderr()));
        }
        return new Result(run.process().exitValue(),
                Files.readString(run.stdout(), StandardCharsets.UTF_8),
                Files.readString(run.stderr(), StandardCharsets.UTF_8));
    }

    private static String tail(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
