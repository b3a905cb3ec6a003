package io.sparkify.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.ingest.lake.LakeTables;
import io.sparkify.lake.LakeLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a lake holds, read the way every reader reads it (by path, through the sink log). */
public final class LakeContents {

    private LakeContents() {
    }

    public static Dataset<Row> events(SparkSession spark, LakeLayout lake) {
        return LakeTables.events(spark, lake);
    }

    public static Dataset<Row> quarantine(SparkSession spark, LakeLayout lake) {
        return LakeTables.quarantine(spark, lake);
    }

    /** How many times each "partition/offset" appears across events and quarantine. */
    public static Map<String, Integer> offsetCounts(SparkSession spark, LakeLayout lake) {
        Map<String, Integer> counts = new HashMap<>();
        for (Dataset<Row> table : List.of(events(spark, lake), quarantine(spark, lake))) {
            for (Row r : table.select(LakeLayout.KAFKA_PARTITION, LakeLayout.KAFKA_OFFSET).collectAsList()) {
                counts.merge(r.getInt(0) + "/" + r.getLong(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Every record sent appears exactly once in events + quarantine, and nothing else does. */
    public static void assertExactlyOnce(SparkSession spark, LakeLayout lake, TestTopic topic) {
        Map<String, Integer> counts = offsetCounts(spark, lake);
        Map<String, Integer> duplicates = new HashMap<>();
        counts.forEach((k, v) -> {
            if (v != 1) {
                duplicates.put(k, v);
            }
        });
        assertTrue(duplicates.isEmpty(), () -> duplicates.size() + " offsets written more than once, e.g. "
                + duplicates.entrySet().stream().limit(5).toList());
        long missing = topic.sent().stream().filter(s -> !counts.containsKey(s.partition() + "/" + s.offset())).count();
        assertEquals(0, missing, "records sent but in neither events nor quarantine");
        assertEquals(topic.sent().size(), counts.size(), "records in the lake that were never sent");
    }
}
