package io.sparkify.kafka.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaMainTest {

    @Test
    void printsReadyWhenClientsCanConnectAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        Path errLog = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""),
                KafkaMain.class.getName(), "kafka", "--port", "0", "--data-dir", dataDir.toString())
                .redirectError(errLog.toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertNotNull(first, "no output; stderr: " + Files.readString(errLog));
            Matcher m = Pattern.compile("ready: localhost:(\\d+)").matcher(first);
            assertTrue(m.matches(), "first stdout line: " + first);

            Properties props = new Properties();
            props.put("bootstrap.servers", "localhost:" + m.group(1));
            try (Admin admin = Admin.create(props)) {
                // Connectable at the moment "ready" is printed, not some time later.
                assertEquals(1, admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size());
            }
        } finally {
            p.destroy();
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "broker did not stop within 60 s of SIGTERM");
        String err = Files.readString(errLog);
        assertTrue(err.contains("stopped"), "stderr: " + err);
        assertTrue(Files.isRegularFile(dataDir.resolve("meta.properties")));
    }

    @Test
    void unknownOptionIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = KafkaMain.commandLine().setErr(new PrintWriter(err)).execute("kafka", "--no-such-flag");
        assertEquals(2, code);
        assertFalse(err.toString().isBlank());
    }

    @Test
    void defaultDataDirIsUnderTheWorkDir() {
        Path d = KafkaCommand.defaultDataDir();
        assertEquals("kafka", d.getFileName().toString());
        assertTrue(List.of("work", String.valueOf(System.getenv(KafkaCommand.WORK_DIR_ENV)))
                .contains(d.getParent().toString()));
    }
}
