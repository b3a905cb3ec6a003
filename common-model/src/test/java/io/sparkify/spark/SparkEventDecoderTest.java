package io.sparkify.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkify.model.SparkifyEvent;
import io.sparkify.model.json.EventCodec;
import io.sparkify.model.spark.EventSchema;
import io.sparkify.model.spark.SparkEventDecoder;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSpark.class)
class SparkEventDecoderTest {

    @Test
    void sparkAcceptsAndRejectsExactlyWhatTheCodecDoes(SparkSession spark) {
        List<String> lines = List.of(
                "{\"ts\":1,\"userId\":\"7\",\"sessionId\":2,\"page\":\"NextSong\",\"length\":1.5,\"extra\":1}",
                "{\"ts\":\"x\",\"sessionId\":2,\"page\":\"Home\"}",
                "not json",
                "");
        Dataset<Row> text = spark.createDataset(lines, Encoders.STRING()).toDF("value");
        List<Row> out = SparkEventDecoder.decode(text, "value", EventCodec.DEFAULT_MAX_LINE_BYTES)
                .collectAsList();

        EventCodec codec = new EventCodec();
        for (int i = 0; i < lines.size(); i++) {
            Row row = out.get(i);
            var expected = codec.decode(lines.get(i));
            assertEquals(expected.isValid() ? null : expected.reason().code(),
                    row.getAs(SparkEventDecoder.REJECT_REASON), lines.get(i));
            if (expected.isValid()) {
                assertEquals(expected.event(), EventSchema.fromRow(row));
            } else {
                assertNull(row.getAs("ts"));
            }
        }
    }

    @Test
    void binaryValuesDecodeLikeText(SparkSession spark) throws Exception {
        Dataset<Row> text = spark.read().text(SampleData.small().toString()).limit(500);
        Dataset<Row> binary = text.select(functions.col("value").cast("binary").as("value"));
        Dataset<Row> decoded = SparkEventDecoder.decode(binary, "value", 1 << 20);
        assertEquals(500, decoded.filter(functions.col(SparkEventDecoder.REJECT_REASON).isNull()).count());
        Row first = decoded.first();
        SparkifyEvent e = EventSchema.fromRow(first);
        assertEquals(new EventCodec().decode(new String((byte[]) first.getAs("value"), StandardCharsets.UTF_8)).event(), e);
    }
}
