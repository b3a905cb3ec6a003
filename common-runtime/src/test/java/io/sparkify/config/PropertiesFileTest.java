package io.sparkify.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkify.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesFileTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryPropertyWithItsValueTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "# SASL\nsecurity.protocol = SASL_SSL  \nsasl.mechanism:PLAIN\n");

        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"),
                PropertiesFile.read(file, "--client-config"));
    }

    @Test
    void aMissingFileIsAUsageErrorNamingTheOptionAndTheFile() {
        Path missing = dir.resolve("nope.properties");

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PropertiesFile.read(missing, "--consumer-config"));

        assertEquals("--consumer-config " + missing + ": no such file", e.getMessage());
    }

    @Test
    void aMalformedEscapeIsAUsageErrorNotACrash() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), "a=\\u12\n");

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PropertiesFile.read(file, "--producer-config"));

    }
}
