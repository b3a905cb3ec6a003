package io.sparkify.config;

import io.sparkify.error.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A client properties file as a user passes it through (Kafka security, SASL/SSL, tuning): read
 * with {@link Properties} rules, values trimmed.
 */
public final class PropertiesFile {

    private PropertiesFile() {
    }

    /**
     * @param flag the option that named the file, for the error message
     * @throws InvalidInputException naming the option, the file and the reason
     */
    public static Map<String, String> read(Path file, String flag) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(flag + " " + file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            // Properties.load signals a malformed unicode escape with IllegalArgumentException.
            throw new InvalidInputException(flag + " " + file + ": cannot read: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k).trim());
        }
        return out;
    }
}
