package io.sparkify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void readsTheUsualShortForms() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(1), DurationConverter.parse("1s"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
        assertEquals(Duration.ofSeconds(30), DurationConverter.parse("PT30S"));
    }

    @Test
    void rejectsGarbageWithExamples() {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> DurationConverter.parse("soon"));
        assertEquals("'soon' is not a duration (examples: 500ms, 1s, 1.5s, 2m, 1h)", e.getMessage());
    }
}
