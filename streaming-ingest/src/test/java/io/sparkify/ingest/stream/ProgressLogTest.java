package io.sparkify.ingest.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.ingest.TestTopic;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One line per micro-batch and query: rows, rows/s, duration, records behind the topic end. */
@Tag("integration")
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
class ProgressLogTest {

    private static final Pattern LINE = Pattern.compile(
            "(events|quarantine) batch (\\d+): ([\\d,]+) rows, ([\\d,]+) rows/s, (\\d+\\.\\d\\d) s, ([\\d,]+) records behind the topic end");

    @Test
    void eachMicroBatchLogsItsRowsRateDurationAndTheRecordsStillBehind(SparkSession spark, TestKafka kafka,
            @TempDir Path dir) {
        TestTopic topic = new TestTopic(kafka, "progress", 1);
        topic.send(TestTopic.sampleLines(0, 3_000));
        List<String> lines = new CopyOnWriteArrayList<>();
        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(),
                dir.resolve("lake").toUri().toString(), IngestTrigger.availableNow()).withMaxOffsetsPerTrigger(1_000);
        IngestSummary summary = new IngestService(spark, settings, lines::add).run();

        for (String table : List.of("events", "quarantine")) {
            List<long[]> batches = new ArrayList<>();
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                assertTrue(m.matches(), "progress line format: " + line);
                if (m.group(1).equals(table)) {
                    batches.add(new long[] {Long.parseLong(m.group(2)), num(m.group(3)), num(m.group(4)),
                            Math.round(Double.parseDouble(m.group(5)) * 100), num(m.group(6))});
                }
            }
            assertEquals(3, batches.size(), table + ": one line per batch: " + lines);
            for (int i = 0; i < 3; i++) {
                long[] b = batches.get(i);
                assertEquals(i, b[0], table + " batch id");
                assertEquals(1_000, b[1], table + " rows read from Kafka in batch " + i);
                assertTrue(b[2] > 0, table + " rows/s");
                assertTrue(b[3] > 0, table + " batch duration");
                assertEquals(2_000 - 1_000L * i, b[4], table + " records behind the topic end after batch " + i);
            }
        }
        assertEquals(3_000, summary.records());
        assertEquals(3, summary.batches());
        assertEquals(0, summary.behind());
    }

    @Test
    void recordsBehindSumsLatestMinusEndOverPartitions() {
        assertEquals(150, ProgressLog.recordsBehind("{\"t\":{\"0\":100,\"1\":50}}", "{\"t\":{\"0\":200,\"1\":100}}"));
        assertEquals(0, ProgressLog.recordsBehind("{\"t\":{\"0\":200}}", "{\"t\":{\"0\":200}}"));
        // A partition the batch has not reached yet counts from 0; one past latest never counts negative.
        assertEquals(70, ProgressLog.recordsBehind("{\"t\":{\"0\":10}}", "{\"t\":{\"0\":10,\"2\":70}}"));
        assertEquals(0, ProgressLog.recordsBehind("{\"t\":{\"0\":300}}", "{\"t\":{\"0\":200}}"));
        assertEquals(5, ProgressLog.recordsBehind("{\"a\":{\"0\":1},\"b\":{\"0\":2}}", "{\"a\":{\"0\":3},\"b\":{\"0\":5}}"));
        assertEquals(0, ProgressLog.recordsBehind(null, "{\"t\":{\"0\":200}}"));
        assertEquals(0, ProgressLog.recordsBehind("{\"t\":{\"0\":1}}", null));
        assertEquals(0, ProgressLog.recordsBehind("not json", "{\"t\":{\"0\":200}}"));
    }

    private static long num(String grouped) {
        return Long.parseLong(grouped.replace(",", ""));
    }
}
