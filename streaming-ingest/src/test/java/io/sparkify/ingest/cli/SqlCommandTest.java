package io.sparkify.ingest.cli;

import static io.sparkify.ingest.TestTopic.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.cli.CommandRunner;
import io.sparkify.config.SparkifyConfig;
import io.sparkify.ingest.TestTopic;
import io.sparkify.ingest.sql.LakeSql;
import io.sparkify.ingest.stream.IngestService;
import io.sparkify.ingest.stream.IngestSettings;
import io.sparkify.ingest.stream.IngestTrigger;
import io.sparkify.model.json.DecodeResult;
import io.sparkify.model.json.EventCodec;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@Tag("integration")
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlCommandTest {

    private static final String BY_PAGE = "SELECT page, count(*) AS n FROM events GROUP BY page ORDER BY page";

    private SparkSession spark;
    private String lake;
    private final Map<String, Long> pages = new TreeMap<>();

    @BeforeAll
    void ingest(SparkSession spark, TestKafka kafka) throws Exception {
        this.spark = spark;
        TestTopic topic = new TestTopic(kafka, "sql", 1);
        List<byte[]> values = new ArrayList<>(TestTopic.sampleLines(0, 600));
        values.add(utf8("not json, \"quoted\""));
        values.add(utf8("{\"ts\":1}"));
        topic.send(values);
        EventCodec codec = new EventCodec();
        for (byte[] v : values) {
            DecodeResult r = codec.decode(v);
            if (r.isValid()) {
                pages.merge(r.event().page(), 1L, Long::sum);
            }
        }
        lake = Files.createTempDirectory("sparkify-sql-").resolve("lake").toUri().toString();
        new IngestService(spark, IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake,
                IngestTrigger.availableNow())).run();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run sql(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CommandRunner.commandLine(new IngestMain(), SparkifyConfig.defaults());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("sql", "--lake", lake));
        all.addAll(List.of(args));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsAnAlignedTableWithTheLakesNumbers() {
        Run r = sql(BY_PAGE);
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("page\\s+\\|\\s+n"), lines[0]);
        assertTrue(lines[1].matches("-+-\\+--+"), lines[1]);
        int bar = lines[0].indexOf('|');
        Map<String, Long> printed = new TreeMap<>();
        for (int i = 2; i < lines.length - 1; i++) {
            assertEquals(bar, lines[i].indexOf('|'), "aligned: " + lines[i]);
            printed.put(lines[i].substring(0, bar).strip(), Long.parseLong(lines[i].substring(bar + 1).strip()));
        }
        assertEquals(pages, printed);
        assertEquals("(" + pages.size() + " rows)", lines[lines.length - 1]);
    }

    @Test
    void csvAndJsonLinesAreForPipes() throws Exception {
        Run csv = sql("--format", "csv", BY_PAGE);
        assertEquals(0, csv.exit(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("page,n", lines.get(0));
        assertEquals(pages.size() + 1, lines.size());

        Run json = sql("--format", "json", BY_PAGE);
        assertEquals(0, json.exit(), json.err());
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Long> printed = new TreeMap<>();
        for (String line : json.out().lines().toList()) {
            JsonNode n = mapper.readTree(line);
            printed.put(n.get("page").asText(), n.get("n").asLong());
        }
        assertEquals(pages, printed);

        Run raw = sql("--format", "csv", "SELECT cast(raw_value AS string) AS raw, reason FROM quarantine ORDER BY reason");
        assertEquals(0, raw.exit(), raw.err());
        assertEquals(List.of("raw,reason", "\"{\"\"ts\"\":1}\",missing_session_id",
                "\"not json, \"\"quoted\"\"\",not_json"), raw.out().lines().toList());
        assertEquals(3, raw.out().lines().count());
    }

    @Test
    void badSqlIsAUsageErrorWithTheReason() {
        Run syntax = sql("SELEC page FROM events");
        assertEquals(2, syntax.exit());
        assertTrue(syntax.err().contains("bad SQL"), syntax.err());
        assertEquals("", syntax.out());
        Run table = sql("SELECT * FROM no_such_table");
        assertEquals(2, table.exit());
        assertTrue(table.err().contains("tables: events, quarantine"), table.err());
    }

    @Test
    void theServiceIsCallableFromJava() {
        assertEquals(2L, LakeSql.query(spark, lake, "SELECT count(*) FROM quarantine").first().getLong(0));
        long events = pages.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(events, LakeSql.query(spark, lake, "SELECT count(*) FROM events").first().getLong(0));
    }
}
