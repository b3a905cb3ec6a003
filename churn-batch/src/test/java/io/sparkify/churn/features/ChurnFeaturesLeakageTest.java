package io.sparkify.churn.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.churn.io.EventSource;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** No feature can see the label pages or anything after the cut-off (100-user sample). */
@Tag("integration")
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChurnFeaturesLeakageTest {

    private static final long CUTOFF = 1_540_944_000_000L; // 2018-10-31T00:00:00Z
    private Dataset<Row> events;
    private Dataset<Row> asOf;
    private List<Row> baseline;

    @BeforeAll
    void load(SparkSession spark) {
        events = EventSource.load(spark, SampleData.decompressed(SampleData.SMALL).toString()).userEvents();
        asOf = events.select("userId").distinct().withColumn(ChurnFeatures.AS_OF, lit(CUTOFF)).cache();
        baseline = sorted(ChurnFeatures.build(events, asOf));
    }

    private static List<Row> sorted(Dataset<Row> features) {
        return features.orderBy("userId").collectAsList();
    }

    /** Copies of some users' events before the cut-off, turned into the given page (and auth). */
    private Dataset<Row> injected(String page, String auth, boolean afterCutoff) {
        Dataset<Row> some = events.filter(col("ts").lt(CUTOFF)).filter(col("userId").isin("300149", "300032", "300137", "300025", "300012"))
                .withColumn("page", lit(page)).withColumn("auth", lit(auth));
        if (afterCutoff) {
            some = some.withColumn("ts", lit(CUTOFF).plus(col("ts").mod(1000)));
        }
        return events.unionByName(some);
    }

    @Test
    void labelPagesBeforeTheCutoffChangeNothing() {
        assertEquals(baseline, sorted(ChurnFeatures.build(injected("Cancel", "Logged In", false), asOf)));
        assertEquals(baseline, sorted(ChurnFeatures.build(injected("Cancellation Confirmation", "Cancelled", false), asOf)));
        assertEquals(baseline, sorted(ChurnFeatures.build(injected("NextSong", "Cancelled", false), asOf)));
    }

    @Test
    void eventsAfterTheCutoffChangeNothing() {
        Dataset<Row> later = events.unionByName(events.filter(col("ts").lt(CUTOFF)).withColumn("ts", col("ts").plus(40L * ChurnDefinition.DAY_MS)));
        assertTrue(later.filter(col("ts").geq(CUTOFF)).count() > events.filter(col("ts").geq(CUTOFF)).count());
        assertEquals(baseline, sorted(ChurnFeatures.build(later, asOf)));
        assertEquals(baseline, sorted(ChurnFeatures.build(injected("Thumbs Down", "Logged In", true), asOf)));
    }

    @Test
    void aRealEventBeforeTheCutoffDoesChangeTheFeatures() {
        assertNotEquals(baseline, sorted(ChurnFeatures.build(injected("Thumbs Down", "Logged In", false), asOf)),
                "control: the comparison can fail");
    }

    @Test
    void everyFeatureIsPresentAndFinite() {
        Dataset<Row> f = ChurnFeatures.build(events, asOf);
        // One pass: per feature, the rows where it is null or NaN.
        List<org.apache.spark.sql.Column> bad = ChurnFeatures.names().stream().map(n -> org.apache.spark.sql.functions.sum(
                org.apache.spark.sql.functions.when(col(n).isNull().or(org.apache.spark.sql.functions.isnan(col(n))), 1)
                        .otherwise(0)).as(n)).toList();
        Row counts = f.agg(bad.get(0), bad.subList(1, bad.size()).toArray(org.apache.spark.sql.Column[]::new)).first();
        for (String n : ChurnFeatures.names()) {
            assertEquals(0L, counts.getLong(counts.fieldIndex(n)), n);
        }
        assertEquals(baseline.size(), f.count());
        assertTrue(ChurnFeatures.names().stream().noneMatch(n -> n.contains("cancel")));
    }

    @Test
    void forwardRowsExcludeUsersChurnedBeforeTheCutoffAndLabelTheHorizon() {
        Dataset<Row> churn = ChurnLabels.churnTimes(events);
        long horizon = 14 * ChurnDefinition.DAY_MS;
        Dataset<Row> rows = ForwardDataset.build(events, churn, List.of(CUTOFF), horizon).join(churn, "userId");
        assertEquals(0, rows.filter(col("churn_ts").lt(CUTOFF)).count(), "already churned users excluded");
        assertEquals(0, rows.filter(col("label").equalTo(1.0).and(col("churn_ts").isNull()
                .or(col("churn_ts").geq(CUTOFF + horizon)))).count());
        assertEquals(rows.filter(col("churn_ts").geq(CUTOFF).and(col("churn_ts").lt(CUTOFF + horizon))).count(),
                rows.filter(col("label").equalTo(1.0)).count());
        Set<String> ids = new HashSet<>();
        rows.select("userId").collectAsList().forEach(r -> ids.add(r.getString(0)));
        assertEquals(rows.count(), ids.size(), "one row per user and cut-off");
    }
}
