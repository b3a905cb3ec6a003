package io.sparkify.model.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.sparkify.io.LineReader;
import io.sparkify.io.LogInput;
import io.sparkify.model.EventField;
import io.sparkify.model.SparkifyEvent;
import io.sparkify.testsupport.SampleData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecSampleDataTest {

    private static final JsonFactory JACKSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @ValueSource(strings = {SampleData.SMALL, SampleData.MEDIUM})
    void everyLineOfTheSampleDecodesAndSurvivesARoundTrip(String file) throws IOException {
        long lines = 0;
        long guests = 0;
        try (LogInput in = LogInput.open(SampleData.path(file).toString())) {
            LineReader reader = in.lines(codec.maxLineBytes());
            while (reader.next()) {
                lines++;
                DecodeResult r = codec.decode(reader.buffer(), 0, reader.length());
                assertTrue(r.isValid(), () -> file + ":" + reader.lineNumber() + ": " + r.describe());
                SparkifyEvent e = r.event();
                byte[] encoded = codec.encode(e);
                assertEquals(e, codec.decode(encoded).event(), () -> "round trip of line " + reader.lineNumber());
                assertArrayEquals(jacksonEncoding(e), encoded, () -> "encoding of line " + reader.lineNumber());
                if (!e.hasUser()) {
                    guests++;
                }
            }
        }
        long expectedLines = file.equals(SampleData.SMALL) ? SampleData.SMALL_LINES : SampleData.MEDIUM_LINES;
        assertEquals(expectedLines, lines);
        assertEquals(file.equals(SampleData.SMALL) ? 4_020 : 15_993, guests, "rows with an empty userId");
    }

    /** The reference the hand-written encoder must match byte for byte: Jackson's own generator. */
    private static byte[] jacksonEncoding(SparkifyEvent e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JACKSON.createGenerator(out)) {
            g.writeStartObject();
            for (EventField f : EventField.all()) {
                Object v = e.get(f);
                if (v == null) {
                    continue;
                }
                g.writeFieldName(f.jsonName());
                switch (f.type()) {
                    case STRING -> g.writeString((String) v);
                    case LONG -> g.writeNumber((Long) v);
                    case INT -> g.writeNumber((Integer) v);
                    case DOUBLE -> g.writeNumber((Double) v);
                    default -> throw new IllegalStateException(f.type().name());
                }
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
