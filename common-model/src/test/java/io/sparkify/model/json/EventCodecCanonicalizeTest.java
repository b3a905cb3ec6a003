package io.sparkify.model.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.sparkify.io.LineReader;
import io.sparkify.io.LogInput;
import io.sparkify.model.SparkifyEvent;
import io.sparkify.testsupport.SampleData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EventCodec#canonicalize} must give exactly what decode + encode give, whether it takes
 * the one-pass fast path ({@link CanonicalScanner}) or not: same verdict, same bytes, same key,
 * same ts, same reason and detail.
 */
class EventCodecCanonicalizeTest {

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @ValueSource(strings = {SampleData.SMALL, SampleData.MEDIUM})
    void everySampleLineTakesTheFastPathAndMatchesDecodeThenEncode(String file) throws IOException {
        long lines = 0;
        try (LogInput in = LogInput.open(SampleData.path(file).toString())) {
            LineReader r = in.lines(codec.maxLineBytes());
            while (r.next()) {
                lines++;
                byte[] line = r.copy();
                CanonicalLine fast = CanonicalScanner.scan(line, 0, line.length);
                long n = r.lineNumber();
                assertNotNull(fast, () -> file + ":" + n + " left the fast path");
                assertSameOutcome(reference(line), fast, file + ":" + n);
            }
        }
        assertEquals(file.equals(SampleData.SMALL) ? SampleData.SMALL_LINES : SampleData.MEDIUM_LINES, lines);
    }

    @Test
    void unusualButValidLinesMatchTheDecoder() {
        List<String> lines = List.of(
                // The Udacity files list keys alphabetically: reordered, but still the fast path.
                "{\"artist\":\"A\",\"auth\":\"Logged In\",\"length\":228.79228,\"page\":\"NextSong\",\"sessionId\":43,"
                        + "\"status\":200,\"ts\":1538352130000,\"userId\":\"300143\"}",
                "  {\"ts\" : 1, \"sessionId\" :2 ,\"page\":\"Home\" }  ",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"artist\":null,\"length\":null,\"userId\":null}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"x\":\"y\",\"n\":-1.5e3,\"b\":true,\"f\":false,\"z\":null}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"nested\":{\"a\":[1,2]}}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"userAgent\":\"\\\"Mozilla\\\" \\\\ x\"}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"userId\":\"a\\\"b\\\\c\"}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"song\":\"a\\/b\\u0041\\u00e9\\n\"}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"artist\":\"Sigur Rós 🎵 \u266B\"}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"registration\":1540919166796.0,\"status\":200.0}",
                "{\"ts\":-5,\"sessionId\":0,\"page\":\"Home\",\"itemInSession\":-0}",
                "{\"ts\":123456789012345678,\"sessionId\":1234567890123456789,\"page\":\"Home\",\"status\":2147483647}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"itemInSession\":2147483648}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"\\u0048ome\"}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"\\\\\"}");
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            assertSameOutcome(reference(b), codec.canonicalize(b, 0, b.length), l);
        }
        byte[] udacity = lines.get(0).getBytes(StandardCharsets.UTF_8);
        assertNotNull(CanonicalScanner.scan(udacity, 0, udacity.length), "reordered keys stay on the fast path");
    }

    @Test
    void doublesAreWrittenLikeTheCanonicalWriterWhateverTheirSpelling() {
        List<String> numbers = new ArrayList<>(List.of("228", "228.0", "228.50", "0.1", "0.0", "-0.0", "-1.5", "100.0",
                "1e5", "1E-5", "2.5E+3", "123456789.5", "9999999.5", "10000000.5", "0.001", "0.0001", "0.00123",
                "1.0000000000000002", "1234567.12345678", "1234567.123456789", "0.30000000000000004", "5e-324",
                "1.7976931348623157E308", "4.35", "2.675", "0.1000000000000000055511151231257827"));
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            double d = switch (i % 4) {
                case 0 -> random.nextDouble() * 1000;
                case 1 -> Math.round(random.nextDouble() * 1e9) / Math.pow(10, random.nextInt(12));
                case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL);
                default -> random.nextInt(10_000) / 100.0;
            };
            if (Double.isFinite(d)) {
                numbers.add(NumberOutput.toString(d, true));
                numbers.add(plainDigits(random));
            }
        }
        int fast = 0;
        for (String n : numbers) {
            byte[] b = ("{\"ts\":1,\"sessionId\":2,\"page\":\"NextSong\",\"length\":" + n + "}").getBytes(StandardCharsets.UTF_8);
            CanonicalLine scanned = CanonicalScanner.scan(b, 0, b.length);
            if (scanned != null) {
                fast++;
                assertSameOutcome(reference(b), scanned, "length " + n);
            }
        }
        assertTrue(fast > numbers.size() / 2, "fast path taken for " + fast + " of " + numbers.size());
    }

    /** A decimal such as 12.0340 or 0.0007: digits and a point anywhere, trailing zeros included. */
    private static String plainDigits(Random random) {
        StringBuilder s = new StringBuilder();
        int intDigits = random.nextInt(9);
        s.append(intDigits == 0 ? "0" : String.valueOf(1 + random.nextInt(9)));
        for (int k = 1; k < intDigits; k++) {
            s.append(random.nextInt(10));
        }
        s.append('.');
        int fracDigits = 1 + random.nextInt(12);
        for (int k = 0; k < fracDigits; k++) {
            s.append(random.nextInt(10));
        }
        return s.toString();
    }

    @Test
    void invalidLinesGetTheDecodersReasonAndDetail() {
        List<String> lines = List.of("", "   ", "not json", "[1,2]", "{}", "{ }", "{\"ts\":1}", "{\"ts\":1,\"sessionId\":2}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"\"}", "{\"ts\":1,\"sessionId\":2,\"page\":null}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",}", "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\"} {}",
                "{\"ts\":1,\"ts\":2,\"sessionId\":2,\"page\":\"Home\"}", "{\"ts\":01,\"sessionId\":2,\"page\":\"Home\"}",
                "{\"ts\":\"1\",\"sessionId\":2,\"page\":\"Home\"}", "{\"ts\":1,\"sessionId\":2.5,\"page\":\"Home\"}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"status\":\"200\"}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"length\":1e400}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"song\":\"a\tb\"}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"song\":\"a\\xb\"}",
                "{\"ts\":1,\"sessionId\":2,\"page\":\"Home\"", "{\"ts\":1,\"sessionId\":2,\"page\":\"Ho",
                "\uFEFF{\"ts\":1,\"sessionId\":2,\"page\":\"Home\"}", "{'ts':1}", "{\"ts\":1,\"sessionId\":2,\"page\":true}");
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            assertSameOutcome(reference(b), codec.canonicalize(b, 0, b.length), l);
        }
        byte[] badUtf8 = {'{', '"', 't', 's', '"', ':', '1', ',', '"', 's', 'e', 's', 's', 'i', 'o', 'n', 'I', 'd', '"', ':',
                '2', ',', '"', 'p', 'a', 'g', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        assertSameOutcome(reference(badUtf8), codec.canonicalize(badUtf8, 0, badUtf8.length), "overlong UTF-8");
        assertEquals("not_utf8", codec.canonicalize(badUtf8, 0, badUtf8.length).reason().code());
    }

    @Test
    void mutatedSampleLinesGetTheSameOutcomeEitherWay() throws IOException {
        byte[] alphabet = "\"\\{}[],:.-+eE0159 nulltrfas\t\u00e9".getBytes(StandardCharsets.UTF_8);
        Random random = new Random(7);
        int compared = 0;
        int stillValid = 0;
        try (LogInput in = LogInput.open(SampleData.small().toString())) {
            LineReader r = in.lines(codec.maxLineBytes());
            while (r.next() && r.lineNumber() <= 4_000) {
                byte[] line = r.copy();
                for (int k = 0; k < 6; k++) {
                    byte[] m = mutate(line, random, alphabet);
                    CanonicalLine expected = reference(m);
                    assertSameOutcome(expected, codec.canonicalize(m, 0, m.length),
                            "mutation of line " + r.lineNumber() + ": " + new String(m, StandardCharsets.UTF_8));
                    compared++;
                    stillValid += expected.isValid() ? 1 : 0;
                }
            }
        }
        assertEquals(24_000, compared);
        // Both kinds are exercised: many mutations break the line, many leave it a valid event.
        assertTrue(stillValid > 2_000 && stillValid < 22_000, stillValid + " of " + compared + " still valid");
    }

    private static byte[] mutate(byte[] line, Random random, byte[] alphabet) {
        int at = random.nextInt(line.length);
        byte b = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] m = line.clone();
                m[at] = b;
                yield m;
            }
            case 1 -> {
                byte[] m = new byte[line.length - 1];
                System.arraycopy(line, 0, m, 0, at);
                System.arraycopy(line, at + 1, m, at, line.length - at - 1);
                yield m;
            }
            default -> {
                byte[] m = new byte[line.length + 1];
                System.arraycopy(line, 0, m, 0, at);
                m[at] = b;
                System.arraycopy(line, at, m, at + 1, line.length - at);
                yield m;
            }
        };
    }

    /** What the producer would send if there were no fast path: decode, then encode. */
    private CanonicalLine reference(byte[] line) {
        DecodeResult r = codec.decode(line);
        if (!r.isValid()) {
            return CanonicalLine.rejected(r);
        }
        SparkifyEvent e = r.event();
        return CanonicalLine.valid(codec.encode(e), e.userId() == null ? null : e.userId().getBytes(StandardCharsets.UTF_8),
                e.ts());
    }

    private static void assertSameOutcome(CanonicalLine expected, CanonicalLine actual, String what) {
        assertEquals(expected.isValid(), actual.isValid(), () -> what + ": expected " + describe(expected) + ", got " + describe(actual));
        if (expected.isValid()) {
            assertArrayEquals(expected.json(), actual.json(), () -> what + ": canonical JSON\n expected "
                    + new String(expected.json(), StandardCharsets.UTF_8) + "\n actual   " + new String(actual.json(), StandardCharsets.UTF_8));
            if (expected.userId() == null) {
                assertNull(actual.userId(), what);
            } else {
                assertArrayEquals(expected.userId(), actual.userId(), () -> what + ": key");
            }
            assertEquals(expected.ts(), actual.ts(), what);
        } else {
            assertEquals(expected.reason(), actual.reason(), what);
            assertEquals(expected.detail(), actual.detail(), what);
        }
    }

    private static String describe(CanonicalLine l) {
        return l.isValid() ? "valid " + new String(l.json(), StandardCharsets.UTF_8) : l.reason() + " (" + l.detail() + ")";
    }

    @Test
    void theFastPathCopiesACanonicalLineAsItIs() {
        byte[] b = "xx{\"ts\":1,\"userId\":\"7\",\"sessionId\":2,\"page\":\"Home\"}yy".getBytes(StandardCharsets.UTF_8);
        CanonicalLine l = codec.canonicalize(b, 2, b.length - 4);
        assertEquals("{\"ts\":1,\"userId\":\"7\",\"sessionId\":2,\"page\":\"Home\"}", new String(l.json(), StandardCharsets.UTF_8));
        assertEquals("7", new String(l.userId(), StandardCharsets.UTF_8));
        assertEquals(1, l.ts());
        assertTrue(Arrays.equals(l.json(), 0, l.json().length, b, 2, b.length - 2));
    }
}
