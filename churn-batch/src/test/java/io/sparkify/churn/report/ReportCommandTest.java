package io.sparkify.churn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.config.ConfigKey;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code report}'s command line: the --json summary, the configured default registry, usage errors. */
@Tag("integration")
@ExtendWith(LocalSpark.class)
class ReportCommandTest {

    private static CommandLine commandLine(Path configuredModels, StringWriter out, StringWriter err) {
        Properties props = new Properties();
        props.setProperty(ConfigKey.MODELS_URI.key(), configuredModels.toString());
        CommandLine cl = CommandRunner.commandLine(new ReportCommand(),
                SparkifyConfig.resolve(props, Map.of(), Optional.empty()));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl;
    }

    @Test
    void writesTheReportAndPrintsAJsonSummaryWithoutModelSectionWhenTheDefaultRegistryIsEmpty(
            SparkSession spark, @TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path html = dir.resolve("report.html");
        int code = commandLine(dir.resolve("no-models-yet"), out, err).execute(
                "--input", SampleData.small().toString(), "--out", html.toString(), "--master", "local[2]", "--json");
        assertEquals(ExitCodes.OK, code, err.toString());
        JsonNode summary = new ObjectMapper().readTree(out.toString());
        assertEquals(102, summary.path("users").asLong());
        assertEquals(14, summary.path("churned_users").asLong());
        assertTrue(summary.path("model_version").isNull());
        assertEquals(Files.size(html), summary.path("bytes").asLong());
        assertTrue(summary.path("charts").asInt() >= 28, out.toString());
        assertTrue(!Files.readString(html).contains("id=\"model\""));
    }

    @Test
    void namedRegistryWithoutModelsOrMissingInputExitWithUsage(SparkSession spark, @TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("models"));
        StringWriter err = new StringWriter();
        int code = commandLine(dir.resolve("other"), new StringWriter(), err).execute(
                "--input", SampleData.small().toString(), "--models", empty.toString(), "--out", dir.resolve("r.html").toString());
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().contains("no trained model in the registry " + empty), err.toString());

        StringWriter err2 = new StringWriter();
        code = commandLine(dir.resolve("other"), new StringWriter(), err2).execute(
                "--input", dir.resolve("missing.json.gz").toString(), "--out", dir.resolve("r.html").toString());
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err2.toString().contains("missing.json.gz"), err2.toString());
    }
}
