package io.sparkify.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.io.LogInput;
import io.sparkify.model.RejectReason;
import io.sparkify.model.json.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogValidatorTest {

    private static final String GOOD = "{\"ts\":1,\"userId\":\"9\",\"sessionId\":2,\"page\":\"Home\"}";

    private final LogValidator validator = new LogValidator(new EventCodec(4096));

    @Test
    void everyLineOfAMixedFileIsAccountedForOnce() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        write(file, GOOD + "\n");                       // 1 valid
        write(file, "\n");                              // 2 blank
        write(file, "not json\n");                      // 3 not_json
        write(file, GOOD + "\n");                       // 4 valid
        write(file, "[1,2]\n");                         // 5 not_an_object
        write(file, "   \n");                           // 6 blank
        write(file, "{\"sessionId\":2,\"page\":\"Home\"}\n"); // 7 missing_ts
        write(file, "x".repeat(5000) + "\n");           // 8 line_too_long
        file.write(new byte[] {'{', (byte) 0xFF, '}', '\n'}); // 9 not_utf8
        write(file, "not json either");                 // 10 not_json, no final newline

        ValidationSummary s = validator.validate(LogInput.of("mixed", new ByteArrayInputStream(file.toByteArray())));

        assertEquals(10, s.lines());
        assertEquals(2, s.valid());
        assertEquals(2, s.blank());
        assertEquals(6, s.invalid());
        assertEquals(s.lines(), s.valid() + s.invalid() + s.blank());
        assertEquals(Map.of("not_json", 2L, "not_an_object", 1L, "missing_ts", 1L, "line_too_long", 1L,
                "not_utf8", 1L), s.reasons());
        assertEquals(List.of(3L, 10L), s.firstLines(RejectReason.NOT_JSON));
        assertEquals(List.of(8L), s.firstLines(RejectReason.LINE_TOO_LONG));
        // The first line of each reason keeps what the codec said about it.
        assertEquals("5000 bytes, limit 4096", s.firstDetail(RejectReason.LINE_TOO_LONG));
        assertEquals("malformed UTF-8 at byte 1", s.firstDetail(RejectReason.NOT_UTF8));
        assertEquals("top-level array", s.firstDetail(RejectReason.NOT_AN_OBJECT));
        assertTrue(s.firstDetail(RejectReason.NOT_JSON).contains("'not'") && s.firstDetail(RejectReason.NOT_JSON).endsWith("at column 1"),
                s.firstDetail(RejectReason.NOT_JSON));
    }

    @Test
    void aCorruptGzipFailsNamingTheSourceAndLine() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            for (int i = 0; i < 20_000; i++) {
                out.write((GOOD + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] truncated = Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
        IOException e = assertThrows(IOException.class,
                () -> validator.validate(LogInput.of("broken.json.gz", new ByteArrayInputStream(truncated))));
        assertTrue(e.getMessage().startsWith("broken.json.gz: read failed after line "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": unexpected end of file (truncated gzip?)"), e.getMessage());
    }

    private static void write(ByteArrayOutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
