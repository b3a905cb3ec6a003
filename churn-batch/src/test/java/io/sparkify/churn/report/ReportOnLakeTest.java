package io.sparkify.churn.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.churn.report.data.DroppedRows;
import io.sparkify.churn.report.data.ReportData;
import io.sparkify.lake.LakeLayout;
import io.sparkify.model.json.EventCodec;
import io.sparkify.model.spark.EventSchema;
import io.sparkify.model.spark.SparkEventDecoder;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The report reads the lake's layout: events parquet, and the quarantine counted by reason. */
@Tag("integration")
@ExtendWith(LocalSpark.class)
class ReportOnLakeTest {

    @Test
    void dataQualityTableCountsTheLakeQuarantineByReason(SparkSession spark, @TempDir Path dir) throws Exception {
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toString());
        long firstWeekEnd = Instant.parse("2018-10-08T00:00:00Z").toEpochMilli();
        Dataset<Row> events = SparkEventDecoder.decode(spark.read().text(SampleData.decompressed(SampleData.SMALL).toString()), "value",
                        EventCodec.DEFAULT_MAX_LINE_BYTES)
                .filter(col(SparkEventDecoder.REJECT_REASON).isNull().and(col("ts").lt(firstWeekEnd)))
                .select(Arrays.stream(EventSchema.columnNames()).map(c -> col(c)).toArray(Column[]::new))
                .withColumn(LakeLayout.EVENT_DATE, date_format(timestamp_millis(col("ts")), "yyyy-MM-dd"));
        events.write().format("delta").partitionBy(LakeLayout.EVENT_DATE).save(lake.events());
        StructType quarantineSchema = new StructType().add(LakeLayout.RAW_VALUE, DataTypes.BinaryType)
                .add(LakeLayout.REASON, DataTypes.StringType).add(LakeLayout.DETAIL, DataTypes.StringType)
                .add(LakeLayout.QUARANTINE_DATE, DataTypes.StringType);
        List<Row> rejects = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rejects.add(RowFactory.create("{oops".getBytes(StandardCharsets.UTF_8), "not_json", "unexpected end", "2026-11-25"));
        }
        for (int i = 0; i < 2; i++) {
            rejects.add(RowFactory.create("{\"page\":\"Home\"}".getBytes(StandardCharsets.UTF_8), "missing_ts", "ts", "2026-11-25"));
        }
        spark.createDataFrame(rejects, quarantineSchema).write().format("delta").partitionBy(LakeLayout.QUARANTINE_DATE).save(lake.quarantine());

        Dataset<Row> written = spark.read().format("delta").load(lake.events());
        long total = written.count();
        long empty = written.filter(col("userId").equalTo("")).count();

        ReportService service = new ReportService(spark);
        ReportData data = service.aggregate(lake.root());
        assertTrue(data.dropped().contains(new DroppedRows("lake quarantine", "not_json", 3)), data.dropped().toString());
        assertTrue(data.dropped().contains(new DroppedRows("lake quarantine", "missing_ts", 2)), data.dropped().toString());
        assertTrue(data.dropped().contains(new DroppedRows("cleaning", "empty_user_id", empty)), data.dropped().toString());
        assertEquals(total - empty, data.overview().userEvents());
        assertEquals(total + 5, data.overview().recordsRead());
        assertEquals("2018-10-07", data.daily().get(data.daily().size() - 1).day().toString());

        Path html = dir.resolve("lake-report.html");
        service.write(data, Optional.empty(), html.toString());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("<td>lake quarantine</td><td>dropped: not_json</td><td class=\"num\">3</td>"), "quarantine row missing");
        assertTrue(!page.contains("id=\"model\""), "no registry, no model section");
    }
}
