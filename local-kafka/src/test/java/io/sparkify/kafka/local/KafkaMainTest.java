package io.sparkify.kafka.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Tag("integration")
class KafkaMainTest {

    private final StringWriter err = new StringWriter();

    @Test
    void printsReadyWhenClientsCanConnectKeepsTopicsAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        Path outLog = dir.resolve("stdout.txt");
        Path errLog = dir.resolve("stderr.txt");
        Process p = startBroker(dataDir, outLog, errLog);
        try {
            String first = awaitFirstLine(outLog, p);
            assertNotNull(first, "no output; stderr: " + Files.readString(errLog));
            Matcher m = Pattern.compile("ready: localhost:(\\d+)").matcher(first);
            assertTrue(m.matches(), "first stdout line: " + first);
            // Connectable the moment "ready" is printed, not some time later: a topic can be created at once.
            try (Admin admin = Admin.create(props(m.group(1)))) {
                assertEquals(1, admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size());
                admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "broker did not stop within 60 s of SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        // SIGTERM is the normal way to stop it: the JVM reports the signal (128 + 15) after the clean shutdown.
        assertEquals(143, p.exitValue(), Files.readString(errLog));
        assertEquals(1, Files.readAllLines(outLog).size(), "stdout carries the ready line only: " + Files.readString(outLog));
        String errText = Files.readString(errLog);
        assertTrue(errText.contains("data in " + dataDir.toAbsolutePath()), errText);
        assertTrue(errText.contains("stopped"), errText);
        assertTrue(Files.isRegularFile(dataDir.resolve("meta.properties")));

        // Not fresh: the same directory brings the topic back.
        try (LocalKafkaBroker again = new LocalKafkaBroker(new BrokerSettings(0, dataDir, false)).start();
             Admin admin = Admin.create(props(String.valueOf(again.port())))) {
            assertEquals(Set.of("kept"), admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    /** The first complete line the process wrote to {@code out}, or null when it exits (or 90 s pass) first. */
    private static String awaitFirstLine(Path out, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(out);
            int nl = text.indexOf('\n');
            if (nl >= 0) {
                return text.substring(0, nl);
            }
            if (!p.isAlive()) {
                return null;
            }
            Thread.sleep(100);
        }
        return null;
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, execute(KafkaMain.commandLine(), "kafka", "--no-such-flag"));
        assertTrue(err.toString().contains("--no-such-flag"), err.toString());
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        assertEquals(2, execute(KafkaMain.commandLine(), "kafka", "--port", "70000"));
        assertTrue(err.toString().contains("--port must be 0..65535, not 70000"), err.toString());
        assertEquals(2, execute(KafkaMain.commandLine(), "kafka", "--port", "-1"));
    }

    @Test
    void freshRefusesADirectoryThatIsNotABrokersAndDeletesNothing(@TempDir Path dir) throws Exception {
        Path precious = dir.resolve("notes.txt");
        Files.writeString(precious, "keep me");
        assertEquals(2, execute(KafkaMain.commandLine(), "kafka", "--port", "0", "--data-dir", dir.toString(), "--fresh"));
        assertTrue(err.toString().contains("refusing --fresh: " + dir.toAbsolutePath() + " is not empty"), err.toString());
        assertEquals("keep me", Files.readString(precious));
    }

    @Test
    void defaultDataDirFollowsTheConfiguredWorkDir(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf").resolve("sparkify.properties"), "work.dir=/srv/sparkify-work\n");
        Path other = dir.resolve("other.properties");
        Files.writeString(other, "# comment\nwork.dir = " + dir.resolve("w") + "\n");

        assertEquals(Path.of("work", "kafka"), KafkaCommand.defaultDataDir(Map.of()));
        assertEquals(Path.of("/srv/sparkify-work", "kafka"), KafkaCommand.defaultDataDir(Map.of("SPARKIFY_HOME", home.toString())));
        assertEquals(dir.resolve("w").resolve("kafka"), KafkaCommand.defaultDataDir(
                Map.of("SPARKIFY_HOME", home.toString(), "SPARKIFY_CONF", other.toString())));
        // The environment variable wins over the file, as for every other key.
        assertEquals(Path.of("/tmp/envwork", "kafka"), KafkaCommand.defaultDataDir(
                Map.of("SPARKIFY_HOME", home.toString(), "SPARKIFY_WORK_DIR", "/tmp/envwork")));

        CommandLine cl = new CommandLine(new KafkaCommand(Map.of("SPARKIFY_CONF", dir.resolve("missing").toString())));
        assertEquals(2, execute(cl, "--port", "0"));
        assertTrue(err.toString().contains("SPARKIFY_CONF=" + dir.resolve("missing") + ": no such file"), err.toString());
    }

    @Test
    void theCommandResolvesItsDataDirFromTheEnvironmentItIsGiven(@TempDir Path dir) {
        KafkaCommand command = new KafkaCommand(Map.of("SPARKIFY_WORK_DIR", dir.toString()));
        CommandLine cl = new CommandLine(command);
        cl.parseArgs("--port", "0", "--fresh");
        BrokerSettings s = command.settings();
        assertEquals(dir.resolve("kafka"), s.dataDir());
        assertTrue(s.fresh());
        assertFalse(Files.exists(dir.resolve("kafka")), "nothing created before the broker starts");
    }

    private int execute(CommandLine cl, String... args) {
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    private static Process startBroker(Path dataDir, Path outLog, Path errLog) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""),
                KafkaMain.class.getName(), "kafka", "--port", "0", "--data-dir", dataDir.toString())
                .redirectOutput(outLog.toFile())
                .redirectError(errLog.toFile())
                .start();
    }

    private static Properties props(String port) {
        Properties props = new Properties();
        props.put("bootstrap.servers", "localhost:" + port);
        return props;
    }
}
