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
        Path nope = tmp.resolve("nope.json");
        IOException e = assertThrows(IOException.class, () -> LogInput.open(nope.toString()));
        assertEquals(nope + ": no such file", e.getMessage());
    }

    @Test
    void aGzipCutShortAfterItsMagicBytesNamesTheFileAndTheReason() throws IOException {
        Path cut = tmp.resolve("cut.json.gz");
        Files.write(cut, new byte[] {0x1f, (byte) 0x8b, 8});
        IOException e = assertThrows(IOException.class, () -> LogInput.open(cut.toString()));
        assertEquals(cut + ": unexpected end of file (truncated gzip?)", e.getMessage());
    }

    @Test
    void aGzipWithACorruptHeaderNamesTheFileAndTheReason() throws IOException {
        Path bad = tmp.resolve("bad.json.gz");
        Files.write(bad, new byte[] {0x1f, (byte) 0x8b, 99, 0, 0, 0, 0, 0, 0, 0, 'x'});
        IOException e = assertThrows(IOException.class, () -> LogInput.open(bad.toString()));
        assertTrue(e.getMessage().startsWith(bad + ": corrupt gzip data: "), e.getMessage());
    }

    @Test
    void aPathThatCannotBeOpenedNamesTheFileAndTheReason() throws IOException {
        Path file = tmp.resolve("plain.json");
        Files.writeString(file, "{}\n");
        // A regular file used as a directory: the open fails for every user, root included.
        String below = file.resolve("events.json").toString();
        IOException e = assertThrows(IOException.class, () -> LogInput.open(below));
        assertEquals(below + ": Not a directory", e.getMessage());
    }

    @Test
    void permissionDeniedIsSaidInWords() {
        // Tests may run as root, who reads any file: the wording is checked on the JDK's own exception.
        assertEquals("permission denied", IoErrors.reason(new java.nio.file.AccessDeniedException("/x/events.json")));
        assertEquals("no such file", IoErrors.reason(new java.nio.file.NoSuchFileException("/x/events.json")));
        assertEquals("unexpected end of file (truncated gzip?)", IoErrors.reason(new java.io.EOFException()));
        assertEquals("IOException", IoErrors.reason(new IOException()));
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
    void theWordAtATimeNewlineSearchFindsTheFirstNewlineWhereverItIs() {
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 5_000; round++) {
            byte[] a = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < a.length; i++) {
                // Mostly bytes near '\n' (0x0A) and high bytes, which trip naive word tricks.
                a[i] = (byte) (random.nextInt(4) == 0 ? '\n' : random.nextBoolean() ? 0x0B + random.nextInt(3) : 0x80 + random.nextInt(128));
            }
            int from = random.nextInt(a.length);
            int to = from + random.nextInt(a.length - from + 1);
            int expected = -1;
            for (int i = from; i < to; i++) {
                if (a[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, LineReader.indexOfNewline(a, from, to), () -> java.util.Arrays.toString(a));
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
