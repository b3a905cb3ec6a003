package io.sparkify.ingest.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.ingest.LakeContents;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The ingest job's two queries ({@link IngestService#eventsWriter}, {@link IngestService#quarantineWriter})
 * fed by a MemoryStream of Kafka-shaped records instead of a broker: the decoding, the split into
 * events and quarantine, the event-day partitions and the file sink's exactly-once restart are the
 * job's own code, tested without Kafka. The Kafka source itself is covered by the integration tier
 * (IngestRestartTest, IngestEndToEndOnHdfsTest).
 */
@ExtendWith(LocalSpark.class)
class IngestQueryTest {

    private static final String TOPIC = "memory-events";
    private static final List<String> BAD = List.of("this is not json", "{\"sessionId\": 5, \"page\": \"Home\", \"userId\": \"1\"}");

    /** One Kafka record as Spark's Kafka source gives it (the columns the job reads). */
    public static final class KafkaRecord {
        private String topic;
        private int partition;
        private long offset;
        private Timestamp timestamp;
        private byte[] value;

        public KafkaRecord() {
        }

        KafkaRecord(int partition, long offset, String value) {
            this.topic = TOPIC;
            this.partition = partition;
            this.offset = offset;
            this.timestamp = new Timestamp(1_700_000_000_000L + offset);
            this.value = value.getBytes(StandardCharsets.UTF_8);
        }

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public int getPartition() {
            return partition;
        }

        public void setPartition(int partition) {
            this.partition = partition;
        }

        public long getOffset() {
            return offset;
        }

        public void setOffset(long offset) {
            this.offset = offset;
        }

        public Timestamp getTimestamp() {
            return timestamp;
        }

        public void setTimestamp(Timestamp timestamp) {
            this.timestamp = timestamp;
        }

        public byte[] getValue() {
            return value;
        }

        public void setValue(byte[] value) {
            this.value = value;
        }
    }

    private final SparkSession spark;
    private final List<StreamingQuery> running = new ArrayList<>();

    @TempDir
    Path tmp;

    IngestQueryTest(SparkSession spark) {
        this.spark = spark;
    }

    @AfterEach
    void stop() {
        running.forEach(IngestRun::stop);
    }

    @Test
    void everyRecordLandsOnceInEventsOrQuarantineAndEventsArePartitionedByTheirUtcDay() throws Exception {
        IngestSettings settings = settings();
        MemoryStream<KafkaRecord> source = MemoryStream.apply(spark, Encoders.bean(KafkaRecord.class));
        List<String> lines = sampleLines(300);
        List<KafkaRecord> first = records(0, lines.subList(0, 200), BAD.get(0));
        List<KafkaRecord> second = records(first.size(), lines.subList(200, 300), BAD.get(1));

        start(source, settings);
        add(source, first);
        add(source, second);

        LakeLayout lake = settings.lake();
        assertEquals(300, LakeContents.events(spark, lake).count());
        List<Row> rejects = LakeContents.quarantine(spark, lake).select(LakeLayout.REASON).collectAsList();
        assertEquals(List.of("missing_ts", "not_json"), rejects.stream().map(r -> r.getString(0)).sorted().toList());
        Map<String, Integer> offsets = LakeContents.offsetCounts(spark, lake);
        assertEquals(first.size() + second.size(), offsets.size(), "every record in events or quarantine");
        assertTrue(offsets.values().stream().allMatch(n -> n == 1), "no record twice: " + offsets);

        // The partition directories are the UTC days of the events' ts, computed here from the JSON.
        Set<String> days = new TreeSet<>();
        for (String line : lines) {
            long ts = Long.parseLong(line.replaceAll(".*\"ts\":(\\d+).*", "$1"));
            days.add(LakeLayout.EVENT_DATE + "=" + Instant.ofEpochMilli(ts).atZone(ZoneOffset.UTC).toLocalDate());
        }
        try (Stream<Path> dirs = Files.list(Path.of(lake.events()))) {
            assertEquals(days, dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(LakeLayout.EVENT_DATE))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void aRestartAfterTheLastCommitWasLostRedoesTheBatchWithoutWritingAnythingTwice() throws Exception {
        IngestSettings settings = settings();
        MemoryStream<KafkaRecord> source = MemoryStream.apply(spark, Encoders.bean(KafkaRecord.class));
        List<String> lines = sampleLines(150);
        start(source, settings);
        add(source, records(0, lines.subList(0, 100), BAD.get(0)));
        add(source, records(101, lines.subList(100, 150), BAD.get(1)));
        LakeLayout lake = settings.lake();
        Map<String, Integer> before = LakeContents.offsetCounts(spark, lake);
        List<Row> eventsBefore = LakeContents.events(spark, lake).drop(LakeLayout.INGESTED_AT).collectAsList();
        stop();
        running.clear();

        // A crash between the sink's write and the checkpoint's commit: the last batch is run again.
        for (String checkpoint : List.of(settings.eventsCheckpoint(), settings.quarantineCheckpoint())) {
            Path commits = Path.of(checkpoint, "commits");
            Path last;
            try (Stream<Path> files = Files.list(commits)) {
                last = files.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .max((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()),
                                Long.parseLong(b.getFileName().toString())))
                        .orElseThrow();
            }
            Files.delete(last);
            Files.deleteIfExists(commits.resolve("." + last.getFileName() + ".crc"));
        }
        List<StreamingQuery> restarted = start(source, settings);
        restarted.forEach(StreamingQuery::processAllAvailable);
        for (String checkpoint : List.of(settings.eventsCheckpoint(), settings.quarantineCheckpoint())) {
            assertTrue(Files.exists(Path.of(checkpoint, "commits", "1")), "the lost batch was run again: " + checkpoint);
        }

        assertEquals(before, LakeContents.offsetCounts(spark, lake), "the same records, each once");
        List<Row> eventsAfter = LakeContents.events(spark, lake).drop(LakeLayout.INGESTED_AT).collectAsList();
        assertEquals(Set.copyOf(eventsBefore), Set.copyOf(eventsAfter), "the events table is unchanged");
        assertEquals(eventsBefore.size(), eventsAfter.size());
    }

    private IngestSettings settings() {
        return IngestSettings.of("unused:9092", TOPIC, tmp.resolve("lake").toString(),
                IngestTrigger.every(Duration.ofMillis(200)));
    }

    private List<StreamingQuery> start(MemoryStream<KafkaRecord> source, IngestSettings settings) throws Exception {
        List<StreamingQuery> started = List.of(
                IngestService.eventsWriter(source.toDF(), settings).start(),
                IngestService.quarantineWriter(source.toDF(), settings).start());
        running.addAll(started);
        return started;
    }

    /** Adds one batch and waits until both queries have written it. */
    private void add(MemoryStream<KafkaRecord> source, List<KafkaRecord> batch) {
        source.addData(CollectionConverters.asScala(batch).toSeq());
        running.forEach(StreamingQuery::processAllAvailable);
    }

    /** The lines with the bad line after them, as records of partitions 0 and 1 from {@code firstOffset} on. */
    private static List<KafkaRecord> records(long firstOffset, List<String> lines, String bad) {
        List<KafkaRecord> out = new ArrayList<>();
        long offset = firstOffset;
        for (String line : lines) {
            out.add(new KafkaRecord((int) (offset % 2), offset, line));
            offset++;
        }
        out.add(new KafkaRecord((int) (offset % 2), offset, bad));
        return out;
    }

    private static List<String> sampleLines(int n) throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(SampleData.small())), StandardCharsets.UTF_8))) {
            String line;
            while (out.size() < n && (line = in.readLine()) != null) {
                out.add(line);
            }
        }
        return out;
    }
}
