package io.sparkify.ingest.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.error.InvalidInputException;
import io.sparkify.ingest.LakeContents;
import io.sparkify.ingest.TestTopic;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.kafka.KafkaBrokerExtension;
import io.sparkify.testsupport.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that does not belong to its table is refused before anything starts: a new one
 * against an existing lake would make Delta's sink write the records again (duplicates), an older
 * one would have its next batches skipped (data loss).
 */
@Tag("integration")
@ExtendWith({LocalSpark.class, KafkaBrokerExtension.class})
class CheckpointGuardTest {

    @Test
    void aNewOrOlderCheckpointAgainstAnExistingLakeIsRefusedAndTheRightOneStillResumesExactlyOnce(
            SparkSession spark, TestKafka kafka, @TempDir Path dir) throws Exception {
        TestTopic topic = new TestTopic(kafka, "guard", 2);
        topic.send(TestTopic.mixedLines(0, 1_500, 20));
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        IngestSettings settings = IngestSettings.of(kafka.bootstrapServers(), topic.name(), lake.root(),
                IngestTrigger.availableNow()).withMaxOffsetsPerTrigger(1_000);
        new IngestService(spark, settings).run();
        Path checkpoint = dir.resolve("lake/_checkpoints/ingest");
        Path oldCopy = dir.resolve("checkpoint-copy");
        FileUtils.copyDirectory(checkpoint.toFile(), oldCopy.toFile());
        topic.send(TestTopic.mixedLines(1_500, 1_500, 20));
        new IngestService(spark, settings).run();
        long inLake = LakeContents.events(spark, lake).count() + LakeContents.quarantine(spark, lake).count();

        // 1. --checkpoint pointed at a new path.
        String fresh = dir.resolve("new-checkpoint").toUri().toString();
        InvalidInputException e = assertThrows(InvalidInputException.class, () ->
                new IngestService(spark, settings.toBuilder().checkpoint(fresh).build()).start());
        assertTrue(e.getMessage().contains("events: ") && e.getMessage().contains("is new; this run would write the "
                + "records from its starting offsets again (duplicates)"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("new-checkpoint/events/offsets")), "nothing started");
        assertEquals(0, spark.streams().active().length);

        // 2. The checkpoint restored from an older copy: the sink is batches ahead of it.
        Path current = dir.resolve("checkpoint-current");
        Files.move(checkpoint, current);
        FileUtils.copyDirectory(oldCopy.toFile(), checkpoint.toFile());
        e = assertThrows(InvalidInputException.class, () -> new IngestService(spark, settings).start());
        assertTrue(e.getMessage().contains("an older or another query's checkpoint"), e.getMessage());
        FileUtils.deleteDirectory(checkpoint.toFile());

        // 3. The checkpoint deleted.
        e = assertThrows(InvalidInputException.class, () -> new IngestService(spark, settings).start());
        assertTrue(e.getMessage().contains("is new"), e.getMessage());

        // 4. The lake's table deleted (or --lake elsewhere) under a used checkpoint.
        Files.move(current, checkpoint);
        Path quarantineAside = dir.resolve("quarantine-aside");
        Files.move(dir.resolve("lake/quarantine"), quarantineAside);
        e = assertThrows(InvalidInputException.class, () -> new IngestService(spark, settings).start());
        assertTrue(e.getMessage().contains("quarantine: the checkpoint") && e.getMessage().contains("has no Delta log"),
                e.getMessage());
        Files.move(quarantineAside, dir.resolve("lake/quarantine"));

        assertEquals(inLake, LakeContents.events(spark, lake).count() + LakeContents.quarantine(spark, lake).count(),
                "refused runs wrote nothing");
        topic.send(TestTopic.mixedLines(3_000, 500, 20));
        new IngestService(spark, settings).run();
        LakeContents.assertExactlyOnce(spark, lake, topic);
    }

    @Test
    void batchIdsOfTableAndCheckpointMustBeInStep() {
        assertNull(CheckpointGuard.problem(state(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty())));
        assertNull(CheckpointGuard.problem(state(OptionalLong.of(7), OptionalLong.of(7), OptionalLong.of(7))));
        // Batch 8 in the table but not committed: the restart re-runs it and Delta's sink skips it, rightly.
        assertNull(CheckpointGuard.problem(state(OptionalLong.of(8), OptionalLong.of(8), OptionalLong.of(7))));
        // Planned but never written: re-run.
        assertNull(CheckpointGuard.problem(state(OptionalLong.empty(), OptionalLong.of(0), OptionalLong.empty())));
        assertTrue(CheckpointGuard.problem(state(OptionalLong.of(9), OptionalLong.of(7), OptionalLong.of(7)))
                .contains("batches 9 to 9 of this run would be skipped"));
        assertTrue(CheckpointGuard.problem(state(OptionalLong.of(5), OptionalLong.of(7), OptionalLong.of(7)))
                .contains("batches 6 to 7 would be missing"));
        assertTrue(CheckpointGuard.problem(state(OptionalLong.of(3), OptionalLong.empty(), OptionalLong.empty()))
                .contains("is new"));
    }

    private static QueryState state(OptionalLong sink, OptionalLong planned, OptionalLong committed) {
        return new QueryState("events", "file:/lake/events", "file:/ckpt/events", sink, planned, committed);
    }
}
