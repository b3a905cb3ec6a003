package io.sparkify.churn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.error.InvalidInputException;
import io.sparkify.lake.AsOf;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class EventSourceTest {

    private static final List<String> LINES = List.of(
            "{\"ts\":1538352004000,\"userId\":\"7\",\"sessionId\":1,\"page\":\"NextSong\",\"auth\":\"Logged In\",\"level\":\"free\",\"artist\":\"A\",\"length\":200.5}",
            "{\"ts\":1538352005000,\"userId\":\"7\",\"sessionId\":1,\"page\":\"Cancellation Confirmation\",\"auth\":\"Cancelled\",\"level\":\"free\"}",
            "{\"ts\":1538352006000,\"userId\":\"\",\"sessionId\":2,\"page\":\"Home\",\"auth\":\"Logged Out\"}",
            "{\"ts\":1538352007000,\"userId\":\"8\",\"sessionId\":3,\"page\":\"Home\",\"auth\":\"Logged In\",\"level\":\"paid\"}",
            "not json at all",
            "{\"userId\":\"9\",\"sessionId\":3,\"page\":\"Home\"}");

    @TempDir
    Path tmp;

    private Path write(String name, boolean gzip) throws Exception {
        Path p = tmp.resolve(name);
        try (OutputStream raw = Files.newOutputStream(p); OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write((String.join("\n", LINES) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void jsonLogIsDecodedWithTheCodecAndEveryLineAccountedFor(SparkSession spark) throws Exception {
        DataQuality q = EventSource.load(spark, write("log.json.gz", true).toString()).quality();
        assertEquals("json", q.format());
        assertEquals(6, q.recordsRead());
        assertEquals(2, q.rejectedTotal());
        assertEquals(1L, q.rejected().get("not_json"));
        assertEquals(1L, q.rejected().get("missing_ts"));
        assertEquals(4, q.validEvents());
        assertEquals(1, q.emptyUserIdDropped());
        assertEquals(3, q.userEvents());
        assertEquals(2, q.users());
        assertEquals(1, q.churnedUsers());
        assertEquals(q.recordsRead(), q.rejectedTotal() + q.emptyUserIdDropped() + q.userEvents());
    }

    @Test
    void lakeRootAndEventsTableAreReadThroughDeltaAtTheVersionRecorded(SparkSession spark) throws Exception {
        LoadedEvents json = EventSource.load(spark, write("log.json", false).toString());
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toString());
        json.userEvents().write().format("delta").save(lake.events());
        DataQuality root = EventSource.load(spark, lake.root()).quality();
        DataQuality dir = EventSource.load(spark, lake.events()).quality();
        assertEquals("delta", root.format());
        assertEquals(0L, root.tableVersion());
        assertEquals(0L, root.toMap().get("table_version"));
        assertEquals(3, root.userEvents());
        assertEquals(3, dir.userEvents());
        assertEquals(1, root.churnedUsers());

        // The lake grows; version 0 still reads as before.
        json.userEvents().write().format("delta").mode("append").save(lake.events());
        assertEquals(6, EventSource.load(spark, lake.root()).quality().userEvents());
        DataQuality pinned = EventSource.load(spark, lake.root(), AsOf.version(0)).quality();
        assertEquals(0L, pinned.tableVersion());
        assertEquals(3, pinned.userEvents());
    }

    /** A lake named by a relative path (the conf's default, {@code work/lake}) is found and read at its version. */
    @Test
    void aLakeAtARelativePathIsReadThroughDelta(SparkSession spark) throws Exception {
        LoadedEvents json = EventSource.load(spark, write("log.json", false).toString());
        String relative = "target/relative-lake-" + System.nanoTime();
        assertTrue(!Path.of(relative).isAbsolute());
        try {
            json.userEvents().write().format("delta").save(new LakeLayout(relative).events());
            DataQuality q = EventSource.load(spark, relative).quality();
            assertEquals("delta", q.format());
            assertEquals(0L, q.tableVersion());
            assertEquals(3, q.userEvents());
        } finally {
            try (var paths = Files.walk(Path.of(relative))) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void aLakeOfThePreviousReleaseIsRefusedNamingTheConversion(SparkSession spark) throws Exception {
        LoadedEvents json = EventSource.load(spark, write("log.json", false).toString());
        LakeLayout lake = new LakeLayout(tmp.resolve("old-lake").toString());
        json.userEvents().write().parquet(lake.events());
        java.nio.file.Files.createDirectories(tmp.resolve("old-lake/events/_spark_metadata"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EventSource.load(spark, lake.root()));
        assertTrue(e.getMessage().contains("./sparkify convert-lake --lake"), e.getMessage());
    }

    @Test
    void gzipWithoutSuffixIsAClearUsageError(SparkSession spark) throws Exception {
        Path p = write("log.json", true);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EventSource.load(spark, p.toString()));
        assertTrue(e.getMessage().contains("rename it to log.json.gz"), e.getMessage());
    }

    @Test
    void missingInputIsAUsageError(SparkSession spark) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EventSource.load(spark, tmp.resolve("nope.json").toString()));
        assertTrue(e.getMessage().contains("not found"));
    }
}
