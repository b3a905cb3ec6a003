package io.sparkify.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.cli.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class SparkifyConfigTest {

    @TempDir
    Path tmp;

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Option(names = "--bootstrap-servers")
        String bootstrap;
        @Option(names = "--topic")
        String topic;
        @Option(names = "--partitions")
        int partitions;

        @Override
        public void run() {
        }
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
        Path conf = tmp.resolve("conf/sparkify.properties");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "kafka.bootstrap.servers=file:1\nkafka.topic=from-file\n");
        SparkifyConfig config = SparkifyConfig.load(Map.of(
                SparkifyConfig.HOME_ENV, tmp.toString(),
                "SPARKIFY_KAFKA_TOPIC", "from-env"));

        Probe probe = new Probe();
        CommandRunner.commandLine(probe, config).parseArgs("--bootstrap-servers", "flag:1");
        assertEquals("flag:1", probe.bootstrap);
        assertEquals("from-env", probe.topic);
        assertEquals(3, probe.partitions, "built-in default");

        Probe fromFile = new Probe();
        CommandRunner.commandLine(fromFile, config).parseArgs();
        assertEquals("file:1", fromFile.bootstrap);
    }

    @Test
    void theShippedConfFileNamesEveryKeyAndOnlyKnownKeys() throws IOException {
        Path shipped = io.sparkify.testsupport.SampleData.projectDir().resolve("conf/sparkify.properties");
        Properties props = new Properties();
        try (var r = Files.newBufferedReader(shipped)) {
            props.load(r);
        }
        for (ConfigKey k : ConfigKey.values()) {
            assertTrue(props.containsKey(k.key()), "conf/sparkify.properties documents " + k.key());
            assertTrue(Files.readString(shipped).contains(k.envVar()), "conf file names " + k.envVar());
        }
        SparkifyConfig.resolve(props, Map.of(), Optional.of(shipped));
    }

    @Test
    void unknownKeysAreAnErrorNamingTheFile() {
        Properties p = new Properties();
        p.setProperty("kafka.bootstrap.server", "typo");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkifyConfig.resolve(p, Map.of(), Optional.of(Path.of("my.properties"))));
        assertTrue(e.getMessage().contains("my.properties") && e.getMessage().contains("kafka.bootstrap.server"));
    }
}
