package io.sparkify.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.io.LineReader;
import io.sparkify.io.LogInput;
import io.sparkify.model.SparkifyEvent;
import io.sparkify.testsupport.SampleData;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecSampleDataTest {

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
                assertEquals(e, codec.decode(codec.encode(e)).event(), () -> "round trip of line " + reader.lineNumber());
                if (!e.hasUser()) {
                    guests++;
                }
            }
        }
        long expectedLines = file.equals(SampleData.SMALL) ? SampleData.SMALL_LINES : SampleData.MEDIUM_LINES;
        assertEquals(expectedLines, lines);
        assertEquals(file.equals(SampleData.SMALL) ? 4_020 : 15_993, guests, "rows with an empty userId");
    }
}
