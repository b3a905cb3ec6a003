package io.sparkify.churn.features;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.churn.io.EventSource;
import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.SampleData;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The classic evaluation observes every user before the session that ends their history, so what a churner does
 * in the session in which they cancel (the clicks that lead to the Cancel page) cannot reach a feature
 * (100-user sample).
 */
@Tag("integration")
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassicObservationTest {

    private Dataset<Row> events;
    private List<Row> baseline;
    /** Events of each churner's cancelling session other than the label pages (the way to the Cancel page). */
    private Column inCancellingSession;
    private Column inEarlierChurnerSession;
    private Column inStayersLastSession;

    @BeforeAll
    void load(SparkSession spark) {
        Dataset<Row> loaded = EventSource.load(spark, SampleData.small().toString()).userEvents();
        Dataset<Row> cancelling = loaded.filter(ChurnDefinition.isChurnEvent())
                .select(col("userId"), col("sessionId").as("cancel_session"));
        Dataset<Row> last = loaded.groupBy("userId").agg(max_by(col("sessionId"), col("ts"))
                .as("last_session"));
        // Independently of the code under test: mark the sessions with plain joins.
        events = loaded.join(cancelling, new String[] {"userId"}, "left").join(last, "userId").cache();
        // Stayers have no cancel_session: the conditions must be false for them, not null (a null filter drops rows).
        inCancellingSession = col("cancel_session").isNotNull().and(col("sessionId").equalTo(col("cancel_session")))
                .and(not(ChurnDefinition.isLabelPage()));
        inEarlierChurnerSession = col("cancel_session").isNotNull().and(col("sessionId").notEqual(col("cancel_session")));
        inStayersLastSession = col("cancel_session").isNull().and(col("sessionId").equalTo(col("last_session")));
        baseline = classicFeatures(events);
        assertTrue(baseline.size() > 0.9 * events.select("userId").distinct().count(), "nearly every user is observed");
        assertTrue(events.filter(inCancellingSession).count() > 100, "the sample's churners click their way to Cancel");
    }

    private static List<Row> classicFeatures(Dataset<Row> events) {
        Dataset<Row> e = events.drop("cancel_session", "last_session");
        return ChurnFeatures.build(e, ClassicObservation.asOf(e)).orderBy("userId").collectAsList();
    }

    /** The sample's exit pages in turn, so a "changed" session looks like a path to the Cancel page. */
    private static Column exitPage() {
        return element_at(array(ChurnFeatures.EXIT_PAGES.stream().map(p -> lit(p))
                .toArray(Column[]::new)), col("itemInSession").mod(ChurnFeatures.EXIT_PAGES.size()).plus(1).cast("int"));
    }

    @Test
    void removingTheClicksOfTheCancellingSessionChangesNoFeature() {
        assertEquals(baseline, classicFeatures(events.filter(not(inCancellingSession))));
    }

    @Test
    void changingOrAddingClicksInTheCancellingSessionChangesNoFeature() {
        Dataset<Row> changed = events.withColumn("page", when(inCancellingSession, exitPage()).otherwise(col("page")));
        Dataset<Row> more = changed.unionByName(changed.filter(inCancellingSession).withColumn("ts", col("ts").plus(500)));
        assertEquals(baseline, classicFeatures(more));
    }

    @Test
    void stayersAreObservedAlikeBeforeTheirLastSession() {
        Dataset<Row> changed = events.withColumn("page", when(inStayersLastSession, exitPage()).otherwise(col("page")));
        assertTrue(events.filter(inStayersLastSession).count() > 100);
        assertEquals(baseline, classicFeatures(changed));
    }

    @Test
    void controlTheSameChangeInAnEarlierSessionDoesChangeFeatures() {
        Dataset<Row> changed = events.withColumn("page", when(inEarlierChurnerSession, exitPage()).otherwise(col("page")));
        assertNotEquals(baseline, classicFeatures(changed), "control: the comparison can fail");
    }

    @Test
    void everyUserIsObservedBeforeTheStartOfTheirEndingSession() {
        Dataset<Row> e = events.drop("cancel_session", "last_session");
        Dataset<Row> ending = events.filter(col("sessionId").equalTo(
                        coalesce(col("cancel_session"), col("last_session"))))
                .groupBy("userId").agg(min("ts").as("ending_start"));
        Dataset<Row> asOf = ClassicObservation.asOf(e).join(ending, "userId");
        assertEquals(0, asOf.filter(col(ChurnFeatures.AS_OF).gt(col("ending_start"))).count());
        long users = e.select("userId").distinct().count();
        long multiSession = e.groupBy("userId").agg(count_distinct(col("sessionId")).as("n"))
                .filter(col("n").gt(1)).count();
        assertEquals(multiSession, asOf.count(), "every user with an earlier session has an observation point");
        assertTrue(multiSession > 0.9 * users, multiSession + " of " + users);
    }
}
