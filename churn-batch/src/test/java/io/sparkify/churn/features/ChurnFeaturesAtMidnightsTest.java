package io.sparkify.churn.features;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.churn.io.EventSource;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The forward evaluation's one-pass feature path ({@link ChurnFeatures#buildAtMidnights}) gives the same rows and
 * values as the per-event definition ({@link ChurnFeatures#build}) at several midnight cut-offs of the 100-user
 * sample, sessions that cross midnight included.
 */
@ExtendWith(LocalSpark.class)
class ChurnFeaturesAtMidnightsTest {

    private static final long DAY = ChurnDefinition.DAY_MS;

    @Test
    void sameFeaturesAsThePerEventDefinition(SparkSession spark) {
        Dataset<Row> events = EventSource.load(spark, SampleData.small().toString()).userEvents();
        long first = 1_539_043_200_000L; // 2018-10-09T00:00:00Z, a week into the sample
        Dataset<Row> users = events.select(ChurnFeatures.USER_ID).distinct();
        Dataset<Row> asOf = users.withColumn(ChurnFeatures.AS_OF, lit(first))
                .union(users.withColumn(ChurnFeatures.AS_OF, lit(first + 10 * DAY)))
                .union(users.withColumn(ChurnFeatures.AS_OF, lit(first + 31 * DAY)))
                .cache();
        List<Row> expected = ChurnFeatures.build(events, asOf).orderBy(ChurnFeatures.USER_ID, ChurnFeatures.AS_OF).collectAsList();
        List<Row> actual = ChurnFeatures.buildAtMidnights(events, asOf).orderBy(ChurnFeatures.USER_ID, ChurnFeatures.AS_OF).collectAsList();
        assertEquals(expected.size(), actual.size());
        assertTrue(expected.size() > 150, "rows at three cut-offs: " + expected.size());
        List<String> columns = List.of(ChurnFeatures.build(events, asOf).columns());
        assertEquals(columns, List.of(ChurnFeatures.buildAtMidnights(events, asOf).columns()));
        for (int i = 0; i < expected.size(); i++) {
            Row e = expected.get(i);
            Row a = actual.get(i);
            assertEquals(e.getString(0), a.getString(0));
            assertEquals(e.getLong(1), a.getLong(1));
            for (int c = 2; c < columns.size(); c++) {
                double x = e.getDouble(c);
                double y = a.getDouble(c);
                assertEquals(x, y, 1e-9 * Math.max(1, Math.abs(x)), columns.get(c) + " of " + e.getString(0) + " at " + e.getLong(1));
            }
        }
    }
}
