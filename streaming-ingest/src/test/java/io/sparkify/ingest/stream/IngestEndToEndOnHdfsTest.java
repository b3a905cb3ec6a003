package io.sparkify.ingest.stream;

import static io.sparkify.ingest.TestTopic.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.ingest.LakeContents;
import io.sparkify.ingest.TestTopic;
import io.sparkify.lake.LakeLayout;
import io.sparkify.model.SparkifyEvent;
import io.sparkify.model.json.DecodeResult;
import io.sparkify.model.json.EventCodec;
import io.sparkify.model.spark.EventSchema;
import io.sparkify.producer.kafka.ClientConfig;
import io.sparkify.producer.kafka.TopicSpec;
import io.sparkify.producer.replay.LiveCounters;
import io.sparkify.producer.replay.ReplayService;
import io.sparkify.producer.replay.ReplaySettings;
import io.sparkify.producer.replay.ReplaySummary;
import io.sparkify.producer.replay.StopSignal;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.hdfs.MiniHdfs;
import io.sparkify.testsupport.hdfs.TestHdfs;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on real components: a sample with bad records replayed raw by the producer into
 * Kafka, ingested to a lake on HDFS.
 */
@Tag("integration")
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class, MiniHdfs.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestEndToEndOnHdfsTest {

    private static final int SAMPLE_LINES = 8_000;
    private static final String NEW_FIELD_EVENT =
            "{\"ts\":1538352117000,\"userId\":\"e2e-new-field\",\"sessionId\":424242,\"page\":\"Home\",\"mood\":\"happy\"}";
    private static final String TYPE_MISMATCH =
            "{\"ts\":1538352117000,\"userId\":\"e2e-type\",\"sessionId\":434343,\"page\":\"Home\",\"status\":\"two hundred\"}";

    private SparkSession spark;
    private TestTopic topic;
    private LakeLayout lake;
    private final Map<String, byte[]> sentByOffset = new HashMap<>();

    @BeforeAll
    void ingestOnce(SparkSession spark, TestKafka kafka, TestHdfs hdfs, @TempDir Path dir) throws Exception {
        this.spark = spark;
        topic = new TestTopic(kafka, "e2e", 3);
        // The sample with bad records, produced as users do it: ./sparkify produce --raw (the replay service).
        Path log = dir.resolve("sample-with-bad-records.json");
        try (OutputStream out = Files.newOutputStream(log)) {
            for (byte[] line : TestTopic.sampleLines(0, SAMPLE_LINES)) {
                out.write(line);
                out.write('\n');
            }
            for (byte[] bad : List.of(utf8("this is not json"), utf8("{\"ts\":\"yesterday\",\"sessionId\":1,\"page\":\"Home\"}"),
                    utf8(TYPE_MISMATCH), utf8(NEW_FIELD_EVENT), new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'},
                    utf8("{\"ts\":1538352117000,\"sessionId\":5,\"page\":\"Home\"} {\"ts\":1}"))) {
                out.write(bad);
                out.write('\n');
            }
        }
        Map<String, String> shared = new HashMap<>();
        kafka.clientProperties().forEach((k, v) -> shared.put(k.toString(), v.toString()));
        ReplaySettings replay = ReplaySettings.of(log.toString(), new TopicSpec(topic.name(), 3, (short) 1),
                new ClientConfig(kafka.bootstrapServers(), shared, Map.of()), dir.resolve("rejects.tsv")).withRaw(true);
        ReplaySummary produced = new ReplayService(notice -> { }).run(replay, new StopSignal(), new LiveCounters());
        assertEquals(SAMPLE_LINES + 6, produced.sent(), "--raw sends every line as it is: " + produced);
        // A tombstone (null value) is no line of a file: sent by a plain producer.
        List<byte[]> tombstone = new ArrayList<>();
        tombstone.add(null);
        topic.send(tombstone);
        topic.readBack();
        assertEquals(SAMPLE_LINES + 7, topic.sent().size());
        for (TestTopic.Sent s : topic.sent()) {
            sentByOffset.put(s.partition() + "/" + s.offset(), s.value());
        }
        lake = new LakeLayout(hdfs.uri("/sparkify/lake"));
        // No per-trigger limit, as users run it by default: the whole topic in one batch.
        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.availableNow());
        IngestSummary summary = new IngestService(spark, settings).run();
        assertTrue(summary.batches() >= 1, "at least one micro-batch ran");
    }

    @Test
    void everyRecordLandsInEventsOrQuarantineExactlyOnce() {
        long events = LakeContents.events(spark, lake).count();
        long quarantined = LakeContents.quarantine(spark, lake).count();
        assertEquals(topic.sent().size(), events + quarantined);
        LakeContents.assertExactlyOnce(spark, lake, topic);
        assertTrue(lake.checkpoint("ingest").startsWith("hdfs://"));
    }

    @Test
    void everyEventEqualsItsSourceRecordFieldForField() {
        EventCodec codec = new EventCodec();
        List<Row> rows = LakeContents.events(spark, lake).collectAsList();
        assertTrue(rows.size() > SAMPLE_LINES * 0.9, "most sample lines are valid events: " + rows.size());
        for (Row row : rows) {
            String key = row.getInt(row.fieldIndex(LakeLayout.KAFKA_PARTITION)) + "/"
                    + row.getLong(row.fieldIndex(LakeLayout.KAFKA_OFFSET));
            DecodeResult source = codec.decode(sentByOffset.get(key));
            assertTrue(source.isValid(), key + " is in events but its source record is invalid");
            SparkifyEvent inLake = EventSchema.fromRow(row);
            assertEquals(source.event(), inLake, "event at " + key);
            assertEquals(topic.name(), row.getString(row.fieldIndex(LakeLayout.KAFKA_TOPIC)));
            assertTrue(row.get(row.fieldIndex(LakeLayout.INGESTED_AT)) != null);
        }
    }

    @Test
    void eventsArePartitionedByTheUtcDayOfTheirTimestamp() throws Exception {
        Set<String> expectedDirs = new TreeSet<>();
        for (Row row : LakeContents.events(spark, lake).select("ts", LakeLayout.EVENT_DATE).collectAsList()) {
            LocalDate day = Instant.ofEpochMilli(row.getLong(0)).atZone(ZoneOffset.UTC).toLocalDate();
            assertEquals(day, row.getDate(1).toLocalDate(), "event_date of ts " + row.getLong(0));
            expectedDirs.add(LakeLayout.EVENT_DATE + "=" + day);
        }
        Set<String> dirs = new TreeSet<>();
        org.apache.hadoop.fs.Path events = new org.apache.hadoop.fs.Path(lake.events());
        for (FileStatus st : events.getFileSystem(spark.sparkContext().hadoopConfiguration()).listStatus(events)) {
            if (st.isDirectory() && st.getPath().getName().startsWith(LakeLayout.EVENT_DATE + "=")) {
                dirs.add(st.getPath().getName());
            }
        }
        assertEquals(expectedDirs, dirs);
    }

    @Test
    void quarantineKeepsRawValueReasonAndCoordinatesOfEveryReject() {
        EventCodec codec = new EventCodec();
        long expectedRejects = topic.sent().stream().filter(s -> !codec.decode(s.value()).isValid()).count();
        List<Row> rows = LakeContents.quarantine(spark, lake).collectAsList();
        assertEquals(expectedRejects, rows.size());
        Set<String> reasons = new TreeSet<>();
        for (Row row : rows) {
            String key = row.getInt(row.fieldIndex(LakeLayout.KAFKA_PARTITION)) + "/"
                    + row.getLong(row.fieldIndex(LakeLayout.KAFKA_OFFSET));
            byte[] raw = row.isNullAt(row.fieldIndex(LakeLayout.RAW_VALUE)) ? null
                    : (byte[]) row.get(row.fieldIndex(LakeLayout.RAW_VALUE));
            byte[] source = sentByOffset.get(key);
            assertEquals(source == null ? null : new String(source, StandardCharsets.ISO_8859_1),
                    raw == null ? null : new String(raw, StandardCharsets.ISO_8859_1), "raw value at " + key);
            String reason = row.getString(row.fieldIndex(LakeLayout.REASON));
            assertEquals(codec.decode(source).reason().code(), reason, "reason at " + key);
            reasons.add(reason);
        }
        assertTrue(reasons.containsAll(Set.of("not_json", "non_numeric_ts", "wrong_type", "not_utf8", "blank",
                "trailing_data")), "reasons: " + reasons);
    }

    @Test
    void aFieldOfANewNameIsIgnoredAndATypeMismatchIsQuarantined() {
        List<Row> newField = LakeContents.events(spark, lake).where("userId = 'e2e-new-field'").collectAsList();
        assertEquals(1, newField.size(), "the event with an unknown field is ingested");
        assertEquals(424242L, newField.get(0).getLong(newField.get(0).fieldIndex("sessionId")));
        assertEquals(0, LakeContents.events(spark, lake).where("userId = 'e2e-type'").count());
        List<Row> typed = LakeContents.quarantine(spark, lake)
                .where("cast(raw_value as string) like '%e2e-type%'").collectAsList();
        assertEquals(1, typed.size(), "the type mismatch is quarantined, not dropped");
        assertEquals("wrong_type", typed.get(0).getString(typed.get(0).fieldIndex(LakeLayout.REASON)));
        String detail = typed.get(0).getString(typed.get(0).fieldIndex(LakeLayout.DETAIL));
        assertTrue(detail != null && detail.contains("status"), "detail names the field: " + detail);
    }
}
