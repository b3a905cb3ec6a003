package io.sparkify.producer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.producer.SampleLines;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code validate} through picocli, as a user runs it: arguments in, text or JSON and an exit code out. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path mixed;
    private byte[] mixedBytes;

    /** 12 lines: 4 valid, 3 blank, 5 invalid (2 not_json, then not_an_object, missing_ts, line_too_long). */
    @BeforeEach
    void writeAMixedFile() throws IOException {
        List<String> good = SampleLines.first(4);
        String text = String.join("\n", List.of(
                good.get(0),                                              // 1
                "not json",                                               // 2 not_json
                "",                                                       // 3 blank
                good.get(1),                                              // 4
                "[1,2]",                                                  // 5 not_an_object
                "   \t",                                                  // 6 blank
                "{\"userId\":\"7\",\"sessionId\":1,\"page\":\"Home\"}",  // 7 missing_ts
                good.get(2),                                              // 8
                "x".repeat(3000),                                         // 9 line_too_long with --max-line-bytes 2000
                "",                                                       // 10 blank
                "{\"ts\":1,",                                             // 11 not_json (cut short)
                good.get(3)))                                             // 12, no final newline
                + "";
        mixedBytes = text.getBytes(StandardCharsets.UTF_8);
        mixed = dir.resolve("mixed.json");
        Files.write(mixed, mixedBytes);
    }

    private int validate(String... args) {
        return run(CommandRunner.commandLine(new ProducerMain(), SparkifyConfig.defaults()), prepend("validate", args));
    }

    private int run(CommandLine cl, String... args) {
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aMixedFileExitsZeroWithEveryLineAccountedForAndTheFirstDetailOfEachReason() {
        int code = validate(mixed.toString(), "--max-line-bytes", "2000");

        assertEquals(ExitCodes.OK, code, err.toString());
        String text = out.toString();
        assertTrue(text.startsWith(mixed + "\n"), text);
        assertTrue(text.matches("(?s).*\\n  lines +12\\n  valid +4\\n  invalid +5\\n  blank +3\\n.*"), text);
        assertTrue(text.matches("(?s).*not_json\\s+2\\s+first at line 2, 11\\n\\s+line 2: Unrecognized token 'not'.*"), text);
        assertTrue(text.matches("(?s).*not_an_object\\s+1\\s+first at line 5\\n\\s+line 5: top-level array.*"), text);
        assertTrue(text.matches("(?s).*line_too_long\\s+1\\s+first at line 9\\n\\s+line 9: 3000 bytes, limit 2000.*"), text);
        assertTrue(text.matches("(?s).*missing_ts\\s+1\\s+first at line 7.*"), text);
    }

    @Test
    void jsonIsOneObjectWithCountsReasonsFirstLinesAndFirstDetails() throws IOException {
        assertEquals(ExitCodes.OK, validate(mixed.toString(), "--json", "--max-line-bytes", "2000"), err.toString());

        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), out.toString());
        JsonNode j = new ObjectMapper().readTree(lines.get(0));
        assertEquals(mixed.toString(), j.get("file").asText());
        assertEquals(12, j.get("lines").asLong());
        assertEquals(4, j.get("valid").asLong());
        assertEquals(5, j.get("invalid").asLong());
        assertEquals(3, j.get("blank").asLong());
        assertEquals(j.get("lines").asLong(), j.get("valid").asLong() + j.get("invalid").asLong() + j.get("blank").asLong());
        assertEquals(Map.of("not_json", 2, "not_an_object", 1, "missing_ts", 1, "line_too_long", 1),
                new ObjectMapper().convertValue(j.get("reasons"), Map.class));
        assertEquals("[2,11]", j.get("first_lines").get("not_json").toString());
        JsonNode first = j.get("first_details");
        assertEquals(2, first.get("not_json").get("line").asLong());
        assertTrue(first.get("not_json").get("detail").asText().startsWith("Unrecognized token 'not'"), first.toString());
        assertEquals("top-level array", first.get("not_an_object").get("detail").asText());
        assertEquals("3000 bytes, limit 2000", first.get("line_too_long").get("detail").asText());
        assertEquals(7, first.get("missing_ts").get("line").asLong());
        assertTrue(first.get("missing_ts").get("detail").isNull(), first.toString());
    }

    @Test
    void gzipIsReadByContentWithTheSameCounts() throws IOException {
        Path gz = dir.resolve("mixed.log");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(mixedBytes);
        }
        assertEquals(ExitCodes.OK, validate(gz.toString(), "--json", "--max-line-bytes", "2000"), err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(List.of(12L, 4L, 5L, 3L), List.of(j.get("lines").asLong(), j.get("valid").asLong(),
                j.get("invalid").asLong(), j.get("blank").asLong()));
    }

    @Test
    void dashReadsStandardInput() throws IOException {
        InputStream stdin = new ByteArrayInputStream(mixedBytes);
        int code = run(CommandRunner.commandLine(new ValidateCommand(stdin), SparkifyConfig.defaults()), "-", "--json");

        assertEquals(ExitCodes.OK, code, err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("<stdin>", j.get("file").asText());
        assertEquals(12, j.get("lines").asLong());
        // Default line limit (1 MiB): the 3000-byte line is simply not JSON.
        assertEquals(3, j.get("reasons").get("not_json").asLong());
    }

    @Test
    void aMissingFileIsExitCode2NamingIt() {
        Path missing = dir.resolve("missing.json.gz");
        assertEquals(ExitCodes.USAGE, validate(missing.toString()));
        assertEquals("error: " + missing + ": no such file", err.toString().strip());
        assertEquals("", out.toString());
    }

    @Test
    void aGzipCutShortIsExitCode2NamingTheFileAndTheReason() throws IOException {
        Path gz = dir.resolve("cut.json.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (int i = 0; i < 2000; i++) {
                o.write(mixedBytes);
                o.write('\n');
            }
        }
        byte[] whole = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(whole, whole.length / 2));
        assertEquals(ExitCodes.USAGE, validate(gz.toString()));
        assertTrue(err.toString().matches("(?s)error: " + java.util.regex.Pattern.quote(gz.toString())
                + ": read failed after line \\d+: unexpected end of file \\(truncated gzip\\?\\)\\s*"), err.toString());

        Files.write(gz, Arrays.copyOf(whole, 3));
        assertEquals(ExitCodes.USAGE, validate(gz.toString()));
        assertTrue(err.toString().contains(gz + ": unexpected end of file (truncated gzip?)"), err.toString());
    }

    @Test
    void aDirectoryIsExitCode2() {
        assertEquals(ExitCodes.USAGE, validate(dir.toString()));
        assertTrue(err.toString().contains(dir + ": is a directory"), err.toString());
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, validate(mixed.toString(), "--max-line-bytes", "0"));
        assertTrue(err.toString().contains("--max-line-bytes must be positive, not 0"), err.toString());
        assertEquals(ExitCodes.USAGE, validate(mixed.toString(), "--max-line-bytes", "lots"));
        assertEquals(ExitCodes.USAGE, validate(mixed.toString(), "--no-such-option"));
        assertEquals(ExitCodes.USAGE, validate());
        assertEquals("", out.toString());
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
