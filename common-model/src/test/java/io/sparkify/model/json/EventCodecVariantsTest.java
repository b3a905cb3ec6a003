package io.sparkify.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.model.SparkifyEvent;
import org.junit.jupiter.api.Test;

class EventCodecVariantsTest {

    private static final String FULL = "{\"ts\":1543621857000,\"userId\":\"300011\",\"sessionId\":500,"
            + "\"page\":\"NextSong\",\"auth\":\"Logged In\",\"method\":\"PUT\",\"status\":200,\"level\":\"paid\","
            + "\"itemInSession\":37,\"location\":\"New York-Newark-Jersey City, NY-NJ-PA\","
            + "\"userAgent\":\"\\\"Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; WOW64; Trident/5.0)\\\"\","
            + "\"lastName\":\"House\",\"firstName\":\"Emilia\",\"registration\":1538336771000,\"gender\":\"F\","
            + "\"artist\":\"Olive\",\"song\":\"You\\\\'re Not Alone\",\"length\":264.12363}";

    private final EventCodec codec = new EventCodec();

    @Test
    void readsAFullEventWithEveryFieldTyped() {
        SparkifyEvent e = decode(FULL);
        assertEquals(1543621857000L, e.ts());
        assertEquals("300011", e.userId());
        assertEquals(500L, e.sessionId());
        assertEquals(200, e.status());
        assertEquals(37, e.itemInSession());
        assertEquals(1538336771000L, e.registration());
        assertEquals(264.12363, e.length());
        assertEquals("\"Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; WOW64; Trident/5.0)\"", e.userAgent());
    }

    @Test
    void canonicalEncodingIsCompactInSchemaOrderAndReadsBackEqual() {
        SparkifyEvent e = decode(FULL);
        String json = codec.encodeToString(e);
        assertEquals(FULL, json);
        assertEquals(e, decode(json));
    }

    @Test
    void explicitNullsAndAbsentKeysMeanTheSame() {
        SparkifyEvent absent = decode("{\"ts\":1,\"userId\":\"\",\"sessionId\":2,\"page\":\"Home\"}");
        SparkifyEvent nulls = decode("{\"ts\":1,\"userId\":\"\",\"sessionId\":2,\"page\":\"Home\",\"artist\":null,"
                + "\"song\":null,\"length\":null,\"registration\":null,\"gender\":null,\"status\":null}");
        assertEquals(absent, nulls);
        assertNull(nulls.artist());
        assertEquals("{\"ts\":1,\"userId\":\"\",\"sessionId\":2,\"page\":\"Home\"}", codec.encodeToString(nulls));
    }

    @Test
    void registrationWrittenAsAnIntegralFloatReadsAsTheSameLong() {
        SparkifyEvent e = decode("{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"registration\":1540919166796.0}");
        assertEquals(1540919166796L, e.registration());
    }

    @Test
    void guestRowsHaveNoUser() {
        SparkifyEvent e = decode("{\"ts\":1,\"userId\":\"\",\"sessionId\":2,\"page\":\"Home\"}");
        assertEquals("", e.userId());
        assertTrue(!e.hasUser());
    }

    @Test
    void unknownFieldsOfAnyShapeAreIgnored() {
        SparkifyEvent e = decode("{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"newField\":{\"a\":[1,2,{\"b\":null}]},"
                + "\"another\":[true,false],\"x\":\"y\"}");
        assertEquals(decode("{\"ts\":1,\"sessionId\":2,\"page\":\"Home\"}"), e);
    }

    @Test
    void aRepeatedUnknownKeyIsIgnoredLikeTheKeyItself() {
        SparkifyEvent e = decode("{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"x\":1,\"x\":2}");
        assertEquals(decode("{\"ts\":1,\"sessionId\":2,\"page\":\"Home\"}"), e);
    }

    @Test
    void unicodeTextSurvivesARoundTrip() {
        SparkifyEvent e = decode("{\"ts\":1,\"sessionId\":2,\"page\":\"NextSong\",\"artist\":\"Sigur Rós\","
                + "\"song\":\"Hoppípolla \\u266B 🎵\"}");
        assertEquals("Sigur Rós", e.artist());
        assertEquals(e, decode(codec.encodeToString(e)));
    }

    @Test
    void controlCharactersAreWrittenAsJsonEscapes() {
        SparkifyEvent e = decode("{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"song\":\"a\\tb\\nc\\u0001d\\\\e\\\"f\"}");
        assertEquals("a\tb\nc\u0001d\\e\"f", e.song());
        assertEquals("{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"song\":\"a\\tb\\nc\\u0001d\\\\e\\\"f\"}",
                codec.encodeToString(e));
        assertEquals(e, decode(codec.encodeToString(e)));
    }

    @Test
    void aLoneSurrogateFromAnEscapeIsWrittenBackAsAnEscape() {
        SparkifyEvent e = decode("{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"artist\":\"x\\ud800y\"}");
        assertEquals("x\ud800y", e.artist());
        String json = codec.encodeToString(e);
        assertEquals("{\"ts\":1,\"sessionId\":2,\"page\":\"Home\",\"artist\":\"x\\uD800y\"}", json);
        assertEquals(e, decode(json));
    }

    private SparkifyEvent decode(String json) {
        DecodeResult r = codec.decode(json);
        assertTrue(r.isValid(), r::describe);
        return r.event();
    }
}
