package io.sparkify.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.cli.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What deploy.sh reads: every key as the job resolves it, with where its value came from. */
class SettingsMainTest {

    @TempDir
    Path tmp;

    /** key -> {source, value} */
    private Map<String, String[]> settings(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SettingsMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Map<String, String[]> m = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split("\t", -1);
            assertEquals(4, f.length, line);
            m.put(f[0], new String[] {f[2], f[3]});
        }
        assertEquals(ConfigKey.values().length, m.size(), "one line per key");
        return m;
    }

    private Path conf(String content) throws IOException {
        Path f = tmp.resolve("sparkify.properties");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefault() throws IOException {
        Path file = conf("ingest.trigger=processing-time=1m\nkafka.topic=from-file\nlake.uri=hdfs://nn/lake\n");
        Map<String, String> env = Map.of("SPARKIFY_CONF", file.toString(), "SPARKIFY_KAFKA_TOPIC", "from-env",
                "SPARKIFY_INGEST_TRIGGER", "processing-time=5s");

        Map<String, String[]> s = settings(env, "ingest", "--some-flag", "x", "--trigger", "available-now");

        assertEquals("flag", s.get("ingest.trigger")[0]);
        assertEquals("available-now", s.get("ingest.trigger")[1]);
        assertEquals("env", s.get("kafka.topic")[0]);
        assertEquals("from-env", s.get("kafka.topic")[1]);
        assertEquals("file", s.get("lake.uri")[0]);
        assertEquals("hdfs://nn/lake", s.get("lake.uri")[1]);
        assertEquals("default", s.get("kafka.partitions")[0]);
        assertEquals(ConfigKey.KAFKA_PARTITIONS.defaultValue(), s.get("kafka.partitions")[1]);
    }

    @Test
    void theFlagEqualsValueFormAndTheLastRepeatCount() throws IOException {
        Map<String, String> env = Map.of("SPARKIFY_CONF", conf("").toString());

        Map<String, String[]> s = settings(env, "ingest", "--trigger=processing-time=3s", "--lake", "a", "--lake=b");

        assertEquals("processing-time=3s", s.get("ingest.trigger")[1]);
        assertEquals("b", s.get("lake.uri")[1]);
    }

    @Test
    void aCommandScopedFlagOnlyCountsOnItsCommand() throws IOException {
        Map<String, String> env = Map.of("SPARKIFY_CONF", conf("lake.uri=hdfs://nn/lake\n").toString());

        // score's --input is its own option, not the retraining input
        Map<String, String[]> score = settings(env, "score", "--input", "somewhere", "--out", "x");
        Map<String, String[]> train = settings(env, "train", "--input", "hdfs://nn/other");

        assertEquals("default", score.get("train.input")[0]);
        assertEquals("hdfs://nn/lake", score.get("train.input")[1], "train.input defaults to the lake");
        assertEquals("flag", train.get("train.input")[0]);
        assertEquals("hdfs://nn/other", train.get("train.input")[1]);
    }

    @Test
    void anUnknownKeyInTheConfFileIsBadSettings() throws IOException {
        Path file = conf("kafka.bootstrap.server=typo\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = SettingsMain.run(new String[] {"train"}, Map.of("SPARKIFY_CONF", file.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("kafka.bootstrap.server"), err.toString(StandardCharsets.UTF_8));
    }

    @Command(name = "train")
    static final class TrainProbe implements Runnable {
        @Option(names = "--input")
        String input;

        @Override
        public void run() {
        }
    }

    @Command(name = "score")
    static final class ScoreProbe implements Runnable {
        @Option(names = "--input")
        String input;

        @Override
        public void run() {
        }
    }

    @Test
    void theCommandsGetTheSameValuesAsTheSettingsPrinted() throws IOException {
        Map<String, String> env = Map.of("SPARKIFY_CONF", conf("lake.uri=hdfs://nn/lake\n").toString());
        SparkifyConfig config = SparkifyConfig.load(env);

        TrainProbe train = new TrainProbe();
        ScoreProbe score = new ScoreProbe();
        CommandLine trainCl = CommandRunner.commandLine(train, config);
        trainCl.parseArgs();
        CommandRunner.commandLine(score, config).parseArgs();

        assertEquals(settings(env, "train").get("train.input")[1], train.input, "train reads the lake by default");
        assertEquals(null, score.input, "score's --input gets no default from train.input");
    }
}
