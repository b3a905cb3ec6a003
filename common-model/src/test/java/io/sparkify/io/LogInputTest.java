package io.sparkify.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogInputTest {

    @TempDir
    Path tmp;

    @Test
    void gzipIsDetectedByContentWhateverTheName() throws IOException {
        Path disguised = tmp.resolve("events.json");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(disguised))) {
            out.write("a\nb\n".getBytes(StandardCharsets.UTF_8));
        }
        Path plain = tmp.resolve("events.json.gz");
        Files.writeString(plain, "a\nb\n");
        try (LogInput in = LogInput.open(disguised.toString())) {
            assertTrue(in.gzipped());
            assertEquals(List.of("a", "b"), lines(in, 100));
        }
        try (LogInput in = LogInput.open(plain.toString())) {
            assertFalse(in.gzipped());
            assertEquals(List.of("a", "b"), lines(in, 100));
        }
    }

    @Test
    void missingFileErrorNamesTheFile() {
        IOException e = assertThrows(IOException.class, () -> LogInput.open(tmp.resolve("nope.json").toString()));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    }

    @Test
    void crlfLastLineWithoutNewlineAndEmptyLinesAreKept() throws IOException {
        try (LogInput in = LogInput.of("t", bytes("one\r\n\ntwo\r\nthree"))) {
            assertEquals(List.of("one", "", "two", "three"), lines(in, 100));
        }
    }

    @Test
    void linesOverTheLimitAreFlaggedWithTheirTrueLengthInBoundedMemory() throws IOException {
        String longLine = "x".repeat(300_000);
        try (LogInput in = LogInput.of("t", bytes("short\n" + longLine + "\nafter\n"))) {
            LineReader r = in.lines(1000);
            assertTrue(r.next());
            assertFalse(r.tooLong());
            assertTrue(r.next());
            assertTrue(r.tooLong());
            assertEquals(300_000, r.trueLength());
            assertTrue(r.buffer().length <= 1001, "kept " + r.buffer().length + " bytes");
            assertEquals(2, r.lineNumber());
            assertTrue(r.next());
            assertArrayEquals("after".getBytes(StandardCharsets.UTF_8), r.copy());
            assertEquals(3, r.lineNumber());
            assertEquals(6 + 300_001, r.lineOffset());
            assertFalse(r.next());
        }
    }

    @Test
    void progressCountsCompressedBytes() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write("line\n".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        }
        try (LogInput in = LogInput.of("t", new ByteArrayInputStream(gz.toByteArray()))) {
            assertEquals(10_000, lines(in, 100).size());
            assertEquals(gz.size(), in.bytesRead());
        }
    }

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> lines(LogInput in, int max) throws IOException {
        LineReader r = in.lines(max);
        List<String> out = new ArrayList<>();
        while (r.next()) {
            out.add(new String(r.buffer(), 0, r.length(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
