package io.sparkify.churn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.model.Grid;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.churn.report.data.GroupCounts;
import io.sparkify.churn.report.data.PageActivity;
import io.sparkify.churn.report.data.ReportData;
import io.sparkify.churn.report.model.ModelReport;
import io.sparkify.churn.train.TrainService;
import io.sparkify.churn.train.TrainSettings;
import io.sparkify.error.InvalidInputException;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of the 100-user sample with a one-version registry: rendered once (Spark aggregation,
 * a real trained model), then opened in headless Chromium and checked against independent Spark SQL.
 */
@Tag("integration")
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportServiceTest {

    /** The charts the issue names, by their stable element ids. */
    static final List<String> EXPLORATION_CHARTS = List.of("chart-events-per-day", "chart-churn-by-level",
            "chart-level-by-gender", "chart-level-by-device", "chart-registered-days", "chart-sessions-per-user",
            "chart-items-per-session", "chart-churn-by-state", "chart-page-ratio", "chart-weekly-active",
            "chart-weeks-before-cancel");
    static final List<String> PAGES = List.of("Thumbs Up", "Thumbs Down", "Roll Advert", "Add Friend",
            "Add to Playlist", "Downgrade", "Error", "Help", "Home", "Logout", "NextSong", "Settings", "Upgrade");
    static final List<String> MODEL_CHARTS = List.of("chart-roc", "chart-pr", "chart-confusion",
            "chart-feature-importance", "chart-calibration", "chart-champion-history");

    private Path dir;
    private SparkSession spark;
    private String input;
    private Path html;
    private String source;
    private ReportData data;
    private ModelReport model;
    private ReportSummary summary;
    private HeadlessChromium.Page page;
    private HeadlessChromium chromium;

    @BeforeAll
    void render(SparkSession shared, @TempDir Path tmp) throws Exception {
        spark = shared;
        dir = tmp;
        input = SampleData.decompressed(SampleData.SMALL).toString();
        String models = dir.resolve("models").toString();
        TrainSettings tiny = TrainSettings.defaults().toBuilder().grid(Grid.QUICK).models(List.of(ModelKind.LR, ModelKind.RF))
                .classic(false).cutoffStepDays(7).build();
        new TrainService(Clock.systemUTC()).train(EventSource.load(spark, input), tiny,
                new ModelRegistry(models, spark.sparkContext().hadoopConfiguration()));

        ReportService service = new ReportService(spark);
        html = dir.resolve("report.html");
        ReportOptions options = new ReportOptions(input, models, html.toString(), true);
        model = service.models(options).orElseThrow();
        data = service.aggregate(input);
        summary = service.write(data, Optional.of(model), html.toString());
        source = Files.readString(html, StandardCharsets.UTF_8);
        chromium = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));
        page = chromium.load(html);
    }

    @Test
    void rendersInHeadlessChromiumWithoutConsoleOutputOrErrors() {
        assertEquals(List.of(), page.consoleLines(), "the page wrote to the console (errors or warnings)");
        assertEquals("0", bodyAttribute("data-render-errors"));
        assertEquals(String.valueOf(summary.charts()), bodyAttribute("data-charts-expected"));
        assertEquals(String.valueOf(summary.charts()), bodyAttribute("data-charts-rendered"));
    }

    @Test
    void everyChartOfTheIssueIsRenderedWithTitleAxisNamesAndAReading() throws Exception {
        List<String> ids = new ArrayList<>(EXPLORATION_CHARTS);
        PAGES.forEach(p -> ids.add("chart-page-" + p.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")));
        ids.addAll(MODEL_CHARTS);
        JsonNode options = new ObjectMapper().readTree(between(source,
                "<script type=\"application/json\" id=\"sparkify-charts\">", "</script>").replace("<\\/", "</"));
        for (String id : ids) {
            String figure = figure(id);
            assertTrue(figure.contains("data-rendered=\"true\""), id + " not rendered");
            assertTrue(figure.contains("<svg"), id + " has no SVG");
            assertFalse(between(figure, "<h3>", "</h3>").isBlank(), id + " has no title");
            String reading = between(figure, "<figcaption class=\"reading\">", "</figcaption>");
            assertTrue(reading.length() > 20 && reading.matches("(?s).*[0-9].*"), id + " has no computed reading: " + reading);
            JsonNode option = options.path(id);
            for (String axis : List.of("xAxis", "yAxis")) {
                assertFalse(option.path(axis).path("name").asText("").isBlank(), id + " has no " + axis + " name");
            }
        }
        assertTrue(page.dom().contains("id=\"table-data-quality\""));
        assertTrue(page.dom().contains("id=\"table-model-comparison\""));
        // Issue 13: the rolling-origin figures with their intervals, beside the activity_rate rule.
        assertTrue(page.dom().contains("id=\"table-model-pooled\""));
        assertTrue(page.dom().contains("baseline: activity_rate"));
        // Why the starred family was chosen (the one-standard-error rule's reason, from metrics.json).
        assertTrue(page.dom().matches("(?s).*★ chosen on validation: (best )?forward validation AUC-PR 0\\.[0-9]{3}.*"),
                "selection reason");
    }

    /** A few readings, checked against numbers computed here with Spark SQL: the readings are computed, not canned. */
    @Test
    void readingsStateNumbersComputedFromTheData() {
        spark.read().json(input).createOrReplaceTempView("report_test_events");
        Row perDay = spark.sql("SELECT count(*), count(DISTINCT to_date(timestamp_millis(ts))) FROM report_test_events "
                + "WHERE userId <> ''").first();
        String events = reading("chart-events-per-day");
        assertTrue(events.startsWith(String.format(Locale.ROOT, "On average %,d events a day over %d days",
                perDay.getLong(0) / perDay.getLong(1), perDay.getLong(1))), events);

        List<Row> levels = spark.sql("SELECT last_level, sum(churned) AS c, count(*) AS n FROM (SELECT userId, "
                + "max_by(level, ts) AS last_level, max(CASE WHEN page = 'Cancellation Confirmation' THEN 1 ELSE 0 END) "
                + "AS churned FROM report_test_events WHERE userId <> '' GROUP BY userId) GROUP BY last_level "
                + "ORDER BY c / n DESC").collectAsList();
        long churned = levels.stream().mapToLong(r -> r.getLong(1)).sum();
        long users = levels.stream().mapToLong(r -> r.getLong(2)).sum();
        Row most = levels.get(0);
        String byLevel = reading("chart-churn-by-level");
        assertTrue(byLevel.contains(String.format(Locale.ROOT, "%s (%.0f%%, %d of %d) churn most", most.getString(0),
                100.0 * most.getLong(1) / most.getLong(2), most.getLong(1), most.getLong(2))), byLevel);
        assertTrue(byLevel.contains(String.format(Locale.ROOT, "(overall %.0f%%)", 100.0 * churned / users)), byLevel);

        Row sessions = spark.sql("SELECT percentile(CASE WHEN churned = 1 THEN s END, 0.5), "
                + "percentile(CASE WHEN churned = 0 THEN s END, 0.5) FROM (SELECT userId, "
                + "count(DISTINCT CASE WHEN page NOT IN ('Cancel', 'Cancellation Confirmation') THEN sessionId END) AS s, "
                + "max(CASE WHEN page = 'Cancellation Confirmation' THEN 1 ELSE 0 END) AS churned "
                + "FROM report_test_events WHERE userId <> '' GROUP BY userId)").first();
        String perUser = reading("chart-sessions-per-user");
        assertTrue(perUser.contains("median " + num(sessions.getDouble(0)) + " against " + num(sessions.getDouble(1))), perUser);
        assertTrue(perUser.startsWith(sessions.getDouble(0) < sessions.getDouble(1) ? "Churned users have fewer sessions"
                : "Churned users have more sessions"), perUser);
    }

    /** The report's number format for medians (whole numbers plain, else two or one decimals). */
    private static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    private String reading(String id) {
        return between(figure(id), "<figcaption class=\"reading\">", "</figcaption>");
    }

    @Test
    void overviewNumbersEqualASparkSqlQueryOnTheSameInput() {
        spark.read().json(input).createOrReplaceTempView("report_test_events");
        Row all = spark.sql("SELECT count(*), sum(CASE WHEN userId IS NULL OR userId = '' THEN 1 ELSE 0 END) "
                + "FROM report_test_events").first();
        Row users = spark.sql("SELECT count(*), count(DISTINCT userId), "
                + "count(DISTINCT CASE WHEN page = 'Cancellation Confirmation' THEN userId END), min(ts), max(ts) "
                + "FROM report_test_events WHERE userId IS NOT NULL AND userId <> ''").first();
        long events = all.getLong(0);
        long empty = all.getLong(1);
        assertEquals(SampleData.SMALL_LINES, events);
        assertEquals(String.format(Locale.ROOT, "%,d", users.getLong(0)), stat("stat-events"));
        assertEquals(String.format(Locale.ROOT, "%,d", users.getLong(1)), stat("stat-users"));
        assertEquals(String.format(Locale.ROOT, "%,d", users.getLong(2)), stat("stat-churned"));
        assertEquals(String.format(Locale.ROOT, "%.1f%%", 100.0 * users.getLong(2) / users.getLong(1)), stat("stat-churn-rate"));
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
        assertEquals(day.format(Instant.ofEpochMilli(users.getLong(3))) + " – " + day.format(Instant.ofEpochMilli(users.getLong(4))),
                stat("stat-period"));
        String quality = between(page.dom(), "id=\"table-data-quality\"", "</table>");
        assertTrue(quality.contains(String.format(Locale.ROOT, "%,d", events)), "records read missing: " + quality);
        assertTrue(quality.contains("dropped: empty_user_id</td><td class=\"num\">" + String.format(Locale.ROOT, "%,d", empty)),
                "empty userId count missing: " + quality);
        assertEquals(4020, empty);
    }

    @Test
    void groupViewsAndPageBoxPlotsMatchSparkSql() {
        spark.read().json(input).createOrReplaceTempView("report_test_events");
        spark.sql("SELECT userId, max_by(level, ts) AS last_level, "
                + "max(CASE WHEN page = 'Cancellation Confirmation' THEN 1 ELSE 0 END) AS churned, "
                + "datediff(to_date(timestamp_millis(max(ts))), to_date(timestamp_millis(min(ts)))) + 1 AS days "
                + "FROM report_test_events WHERE userId <> '' GROUP BY userId").createOrReplaceTempView("report_test_users");
        for (Row r : spark.sql("SELECT last_level, sum(churned), sum(1 - churned) FROM report_test_users GROUP BY last_level")
                .collectAsList()) {
            GroupCounts g = data.byLevel().stream().filter(x -> x.group().equals(r.getString(0))).findFirst().orElseThrow();
            assertEquals(r.getLong(1), g.churned(), "churned of level " + r.getString(0));
            assertEquals(r.getLong(2), g.stayed(), "stayed of level " + r.getString(0));
        }
        Row median = spark.sql("SELECT percentile(coalesce(n, 0) / days, 0.5) FROM report_test_users u LEFT JOIN "
                + "(SELECT userId, count(*) AS n FROM report_test_events WHERE page = 'Thumbs Down' GROUP BY userId) t "
                + "USING (userId) WHERE churned = 1").first();
        PageActivity thumbsDown = data.pageActivity().stream().filter(p -> p.page().equals("Thumbs Down")).findFirst().orElseThrow();
        assertEquals(median.getDouble(0), thumbsDown.churned().median(), 1e-9);
        assertEquals(data.overview().churnedUsers(), thumbsDown.churned().users());
    }

    @Test
    void modelSectionListsEveryCandidateOfTheRegistryWithItsMetrics() throws Exception {
        Path metrics;
        try (var versions = Files.list(dir.resolve("models"))) {
            metrics = versions.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("_"))
                    .findFirst().orElseThrow().resolve("metrics.json");
        }
        JsonNode forward = new ObjectMapper().readTree(metrics.toFile()).path("evaluations").path("forward");
        String table = between(page.dom(), "id=\"table-model-comparison\"", "</table>");
        int candidates = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = forward.path("models").fields(); it.hasNext(); candidates++) {
            JsonNode m = it.next().getValue();
            double auc = m.path("metrics").path("auc_roc").asDouble(Double.NaN);
            String row = String.format(Locale.ROOT, "<td>forward</td><td>%s", m.path("name").asText());
            assertTrue(table.contains(row), "no row for " + m.path("name") + " in " + table);
            if (!Double.isNaN(auc)) {
                assertTrue(table.contains(String.format(Locale.ROOT, "%.3f", auc)), "AUC of " + m.path("name") + " missing");
            }
        }
        assertEquals(2, candidates);
        assertTrue(table.contains("baseline: base rate"));
        assertEquals(1, model.history().size());
        assertTrue(page.dom().contains("id=\"chart-champion-history\""));
    }

    @Test
    void screenshotShowsTheChartsNotABlankPage() throws Exception {
        Path png = dir.resolve("report.png");
        chromium.screenshot(html, png, 1400, 3000);
        Screenshots shot = Screenshots.measure(png);
        assertEquals(1400, shot.width());
        assertTrue(shot.lumaStdDev() > 20, "screenshot looks blank: luma std dev " + shot.lumaStdDev());
        assertTrue(shot.distinctColours() > 200, "screenshot has only " + shot.distinctColours() + " colours");
        assertTrue(shot.churnedRedShare() > 0.001, "no churned-coloured bars in the screenshot: " + shot.churnedRedShare());
    }

    @Test
    void namedRegistryWithoutAModelIsAUsageErrorBeforeAnySparkWork() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-models"));
        ReportService service = new ReportService(spark);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> service.run(
                new ReportOptions("/does/not/exist.json.gz", empty.toString(), dir.resolve("x.html").toString(), true)));
        assertTrue(e.getMessage().contains("no trained model"), e.getMessage());
        assertEquals(Optional.empty(), service.models(new ReportOptions(input, empty.toString(), "x.html", false)));
    }

    private String bodyAttribute(String name) {
        Matcher m = Pattern.compile("<body[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(page.dom());
        assertTrue(m.find(), "body has no " + name);
        return m.group(1);
    }

    private String stat(String id) {
        return between(between(page.dom(), "id=\"" + id + "\"", "</div></div>"), "<div class=\"value\">", "</div>");
    }

    /** From the chart's element to the end of its figure. */
    private String figure(String id) {
        String dom = page.dom();
        int at = dom.indexOf("id=\"" + id + "\"");
        assertTrue(at >= 0, id + " missing from the page");
        int start = dom.lastIndexOf("<figure", at);
        int end = dom.indexOf("</figure>", at);
        return dom.substring(start, end);
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        assertTrue(a >= 0, "missing " + from);
        int b = s.indexOf(to, a + from.length());
        assertTrue(b >= 0, "missing " + to + " after " + from);
        return s.substring(a + from.length(), b);
    }
}
