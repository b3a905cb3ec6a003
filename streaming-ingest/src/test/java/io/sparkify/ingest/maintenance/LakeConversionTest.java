package io.sparkify.ingest.maintenance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.error.InvalidInputException;
import io.sparkify.ingest.KernelLake;
import io.sparkify.ingest.lake.LakeTables;
import io.sparkify.ingest.lake.TableProperties;
import io.sparkify.lake.DeltaTables;
import io.sparkify.lake.LakeLayout;
import io.sparkify.testsupport.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake of the previous release (Spark's parquet file sink with its {@code _spark_metadata} log)
 * is refused until converted; {@code convert-lake} makes Delta tables of it in place, with the
 * files the sink log lists and not the files of a killed batch.
 */
@ExtendWith(LocalSpark.class)
class LakeConversionTest {

    @Test
    void aFileSinkLakeIsRefusedThenConvertedInPlaceWithoutTheFilesOfAKilledBatch(SparkSession spark,
            @TempDir Path dir) throws Exception {
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());
        // The previous release's writer: a parquet file sink, partitioned by event_date.
        Path input = dir.resolve("input");
        List<Column> cols = new ArrayList<>();
        for (StructField f : LakeTables.EVENTS.fields()) {
            Column c = switch (f.name()) {
                case LakeLayout.KAFKA_PARTITION -> lit(0);
                case LakeLayout.KAFKA_OFFSET -> col("id");
                case LakeLayout.EVENT_DATE -> date_add(lit("2018-10-01").cast("date"), col("id").mod(3).cast("int"));
                default -> lit(null).cast(f.dataType());
            };
            cols.add(c.cast(f.dataType()).as(f.name()));
        }
        spark.range(300).select(cols.toArray(Column[]::new)).write().parquet(input.toString());
        StreamingQuery q = spark.readStream().schema(LakeTables.EVENTS).parquet(input.toString()).writeStream()
                .format("parquet").partitionBy(LakeLayout.EVENT_DATE).option("path", lake.events())
                .option("checkpointLocation", dir.resolve("ckpt").toUri().toString())
                .trigger(Trigger.AvailableNow()).start();
        q.awaitTermination();
        Path day = dir.resolve("lake/events/event_date=2018-10-01");
        Path someFile;
        try (Stream<Path> files = Files.list(day)) {
            someFile = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        // What a killed batch leaves: a data file in the directory that the sink log does not list.
        Files.copy(someFile, day.resolve("part-99999-killed-batch.c000.snappy.parquet"));

        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> LakeTables.events(spark, lake));
        assertTrue(refused.getMessage().contains("./sparkify convert-lake --lake " + lake.root()), refused.getMessage());

        List<LakeConversion.Result> results = new LakeConversion(spark.newSession()).convert(lake);
        assertEquals("converted", results.get(0).action());
        assertEquals("created", results.get(1).action());
        assertEquals(300, LakeTables.events(spark, lake).count(), "the killed batch's file is not in the table");
        assertEquals(300, KernelLake.read(spark.sparkContext().hadoopConfiguration(), lake.events()).coordinates().size());
        assertEquals(0, LakeTables.quarantine(spark, lake).count());
        assertEquals(TableProperties.LOG_RETENTION_DEFAULT, spark.sql("SHOW TBLPROPERTIES "
                + DeltaTables.identifier(spark, lake.events()) + " ('" + TableProperties.LOG_RETENTION + "')")
                .first().getString(1));

        // A second run changes nothing.
        assertEquals("already-delta", new LakeConversion(spark.newSession()).convert(lake).get(0).action());
    }
}
