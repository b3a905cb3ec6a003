package io.sparkify.churn.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code chromium} headless on a local file: the DOM after its scripts ran, with the
 * browser's log (console messages and uncaught errors appear as {@code CONSOLE} lines), or a screenshot.
 * Chromium is required, not optional: {@code ./setup.sh} (README's first step) installs it.
 */
final class HeadlessChromium {

    private static final long TIMEOUT_SECONDS = 120;

    private final String binary;
    private final Path workDir;

    HeadlessChromium(Path workDir) {
        this.binary = find();
        this.workDir = workDir;
    }

    /** The DOM once scripts have run, and the browser's stderr. */
    record Page(String dom, String log) {

        /** Lines of the log written for the page's console, including uncaught errors. */
        List<String> consoleLines() {
            return log.lines().filter(l -> l.contains(":CONSOLE")).toList();
        }
    }

    Page load(Path html) throws IOException, InterruptedException {
        Path out = workDir.resolve("dom.html");
        Path err = workDir.resolve("dom.log");
        run(List.of("--dump-dom", html.toUri().toString()), out, err);
        return new Page(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, html.toUri().toString()),
                workDir.resolve("shot.out"), workDir.resolve("shot.log"));
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("chromium wrote no screenshot; log: " + Files.readString(workDir.resolve("shot.log")));
        }
    }

    private void run(List<String> args, Path stdout, Path stderr) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + workDir.resolve("profile-" + System.nanoTime()),
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with " + p.exitValue() + ": " + Files.readString(stderr));
        }
    }

    private static String find() {
        String env = System.getenv("CHROMIUM_BIN");
        if (env != null && !env.isBlank()) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new IllegalStateException("headless Chromium is required by the report tests and was not found on PATH: "
                + "install Debian's chromium package (./setup.sh, README.md's first step, does) or set CHROMIUM_BIN");
    }
}
