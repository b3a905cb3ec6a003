package io.sparkify.churn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Controls for the report test's "no console output" check: the same mechanism ({@link HeadlessChromium.Page#consoleLines()})
 * does see a page's console.error, console.warn and an uncaught exception, and sees nothing on a quiet page.
 * Without these, an empty list could mean "Chromium stopped logging the console" as well as "no errors".
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadlessChromiumTest {

    private Path dir;
    private HeadlessChromium chromium;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        chromium = new HeadlessChromium(Files.createDirectories(tmp.resolve("chromium")));
    }

    private HeadlessChromium.Page load(String name, String script) throws Exception {
        Path html = dir.resolve(name + ".html");
        Files.writeString(html, "<!doctype html><html><body><p id=\"done\">ok</p><script>" + script + "</script></body></html>");
        return chromium.load(html);
    }

    @Test
    void consoleErrorIsDetected() throws Exception {
        List<String> lines = load("error", "console.error('control-console-error-42');").consoleLines();
        assertEquals(1, lines.size(), String.valueOf(lines));
        assertTrue(lines.get(0).contains("control-console-error-42"), lines.get(0));
    }

    @Test
    void uncaughtExceptionIsDetected() throws Exception {
        List<String> lines = load("throws", "null.boom();").consoleLines();
        assertEquals(1, lines.size(), String.valueOf(lines));
        assertTrue(lines.get(0).contains("Uncaught TypeError"), lines.get(0));
    }

    @Test
    void warningIsDetected() throws Exception {
        List<String> lines = load("warn", "console.warn('control-warning-7');").consoleLines();
        assertTrue(lines.stream().anyMatch(l -> l.contains("control-warning-7")), String.valueOf(lines));
    }

    @Test
    void aQuietPageHasNoConsoleLines() throws Exception {
        HeadlessChromium.Page page = load("quiet", "document.getElementById('done').textContent = 'ran';");
        assertEquals(List.of(), page.consoleLines());
        assertTrue(page.dom().contains(">ran</p>"), "the script ran: " + page.dom());
    }
}
