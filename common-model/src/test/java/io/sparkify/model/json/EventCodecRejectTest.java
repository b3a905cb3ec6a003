package io.sparkify.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkify.model.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecRejectTest {

    private static final String OK_TAIL = "\"sessionId\":2,\"page\":\"Home\"";

    private final EventCodec codec = new EventCodec();

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("empty", "", RejectReason.BLANK),
                Arguments.of("spaces", "   \t ", RejectReason.BLANK),
                Arguments.of("not json", "hello world", RejectReason.NOT_JSON),
                Arguments.of("truncated object", "{\"ts\":1," + OK_TAIL, RejectReason.NOT_JSON),
                Arguments.of("truncated after a bad type", "{\"ts\":\"x\",\"page\":", RejectReason.NOT_JSON),
                Arguments.of("single quotes", "{'ts':1}", RejectReason.NOT_JSON),
                Arguments.of("json array", "[{\"ts\":1," + OK_TAIL + "}]", RejectReason.NOT_AN_OBJECT),
                Arguments.of("json string", "\"just text\"", RejectReason.NOT_AN_OBJECT),
                Arguments.of("json number", "42", RejectReason.NOT_AN_OBJECT),
                Arguments.of("json null", "null", RejectReason.NOT_AN_OBJECT),
                Arguments.of("two objects", "{\"ts\":1," + OK_TAIL + "}{\"ts\":2," + OK_TAIL + "}",
                        RejectReason.TRAILING_DATA),
                Arguments.of("duplicate key", "{\"ts\":1,\"ts\":2," + OK_TAIL + "}", RejectReason.DUPLICATE_FIELD),
                Arguments.of("duplicate optional key", "{\"ts\":1," + OK_TAIL + ",\"song\":\"a\",\"song\":\"b\"}",
                        RejectReason.DUPLICATE_FIELD),
                Arguments.of("duplicate key then broken", "{\"ts\":1,\"ts\":2,\"page\":", RejectReason.NOT_JSON),
                Arguments.of("missing ts", "{" + OK_TAIL + "}", RejectReason.MISSING_TS),
                Arguments.of("null ts", "{\"ts\":null," + OK_TAIL + "}", RejectReason.MISSING_TS),
                Arguments.of("string ts", "{\"ts\":\"yesterday\"," + OK_TAIL + "}", RejectReason.NON_NUMERIC_TS),
                Arguments.of("numeric string ts", "{\"ts\":\"1543621857000\"," + OK_TAIL + "}",
                        RejectReason.NON_NUMERIC_TS),
                Arguments.of("boolean ts", "{\"ts\":true," + OK_TAIL + "}", RejectReason.NON_NUMERIC_TS),
                Arguments.of("missing page", "{\"ts\":1,\"sessionId\":2}", RejectReason.MISSING_PAGE),
                Arguments.of("empty page", "{\"ts\":1,\"sessionId\":2,\"page\":\"\"}", RejectReason.MISSING_PAGE),
                Arguments.of("numeric page", "{\"ts\":1,\"sessionId\":2,\"page\":7}", RejectReason.MISSING_PAGE),
                Arguments.of("missing sessionId", "{\"ts\":1,\"page\":\"Home\"}", RejectReason.MISSING_SESSION_ID),
                Arguments.of("fractional sessionId", "{\"ts\":1,\"sessionId\":2.5,\"page\":\"Home\"}",
                        RejectReason.NON_INTEGER_SESSION_ID),
                Arguments.of("string sessionId", "{\"ts\":1,\"sessionId\":\"2\",\"page\":\"Home\"}",
                        RejectReason.NON_INTEGER_SESSION_ID),
                Arguments.of("status as text", "{\"ts\":1," + OK_TAIL + ",\"status\":\"OK\"}", RejectReason.WRONG_TYPE),
                Arguments.of("length as text", "{\"ts\":1," + OK_TAIL + ",\"length\":\"long\"}", RejectReason.WRONG_TYPE),
                Arguments.of("userId as object", "{\"ts\":1," + OK_TAIL + ",\"userId\":{}}", RejectReason.WRONG_TYPE),
                Arguments.of("registration fractional", "{\"ts\":1," + OK_TAIL + ",\"registration\":1.5}",
                        RejectReason.WRONG_TYPE),
                Arguments.of("itemInSession too big", "{\"ts\":1," + OK_TAIL + ",\"itemInSession\":99999999999}",
                        RejectReason.WRONG_TYPE),
                Arguments.of("deeply nested unknown field",
                        "{\"ts\":1," + OK_TAIL + ",\"x\":" + "[".repeat(500) + "]".repeat(500) + "}",
                        RejectReason.NOT_JSON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void eachBadLineGivesItsReasonAndNeverThrows(String name, String line, RejectReason expected) {
        DecodeResult r = codec.decode(line);
        assertFalse(r.isValid(), name);
        assertEquals(expected, r.reason(), () -> name + " -> " + r.describe());
    }

    @Test
    void invalidUtf8IsRejectedWithTheByteOffset() {
        byte[] good = ("{\"ts\":1," + OK_TAIL + ",\"artist\":\"ab\"}").getBytes(StandardCharsets.UTF_8);
        byte[] bad = Arrays.copyOf(good, good.length);
        int at = bad.length - 4;
        bad[at] = (byte) 0xC3; // a lead byte followed by ASCII: malformed
        DecodeResult r = codec.decode(bad);
        assertEquals(RejectReason.NOT_UTF8, r.reason());
        assertEquals("malformed UTF-8 at byte " + at, r.detail());
    }

    @Test
    void overlongAndSurrogateEncodingsAreNotUtf8() {
        assertEquals(RejectReason.NOT_UTF8, codec.decode(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}).reason());
        assertEquals(RejectReason.NOT_UTF8,
                codec.decode(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}).reason());
        assertEquals(RejectReason.NOT_UTF8, codec.decode(new byte[] {'{', (byte) 0xE2, (byte) 0x82}).reason());
    }

    @Test
    void aBinaryLineIsRejectedNotThrown() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        DecodeResult r = codec.decode(noise);
        assertFalse(r.isValid());
        assertEquals(RejectReason.NOT_UTF8, r.reason());
    }

    @Test
    void aTwoMebibyteLineIsTooLong() {
        String huge = "{\"ts\":1," + OK_TAIL + ",\"song\":\"" + "a".repeat(2 << 20) + "\"}";
        DecodeResult r = codec.decode(huge);
        assertEquals(RejectReason.LINE_TOO_LONG, r.reason());
    }

    @Test
    void aLineJustUnderTheLimitStillDecodes() {
        EventCodec small = new EventCodec(200);
        String line = "{\"ts\":1," + OK_TAIL + ",\"song\":\"" + "a".repeat(120) + "\"}";
        assertEquals(true, small.decode(line).isValid());
        assertEquals(RejectReason.LINE_TOO_LONG, small.decode(line + " ".repeat(200)).reason());
    }

    @Test
    void randomMutationsOfARealLineNeverThrow() {
        byte[] base = ("{\"ts\":1543621857000,\"userId\":\"300011\"," + OK_TAIL + ",\"length\":264.1}")
                .getBytes(StandardCharsets.UTF_8);
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] m = Arrays.copyOf(base, base.length);
            int edits = 1 + random.nextInt(4);
            for (int k = 0; k < edits; k++) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            DecodeResult r = codec.decode(m, 0, random.nextInt(m.length + 1));
            assertEquals(r.isValid(), r.reason() == null);
        }
    }
}
