package io.sparkify.churn.report.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.churn.features.ChurnDefinition;
import io.sparkify.churn.features.ChurnFeatures;
import io.sparkify.churn.features.ChurnLabels;
import io.sparkify.testsupport.LocalSpark;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The report's users are the model's users: the churn label of {@link ChurnLabels}, the activity
 * of {@link ChurnFeatures#usable} (no label pages, no {@code auth = Cancelled} rows) and the
 * registration as the features read it (the latest), on a handful of rows.
 */
@ExtendWith(LocalSpark.class)
class UserTableTest {

    private static final StructType SCHEMA = new StructType()
            .add("userId", DataTypes.StringType).add("ts", DataTypes.LongType).add("sessionId", DataTypes.LongType)
            .add("page", DataTypes.StringType).add("auth", DataTypes.StringType).add("level", DataTypes.StringType)
            .add("gender", DataTypes.StringType).add("userAgent", DataTypes.StringType)
            .add("location", DataTypes.StringType).add("registration", DataTypes.LongType);
    private static final long DAY = ChurnDefinition.DAY_MS;
    private static final String AGENT = "Mozilla/5.0 (Windows NT 6.1; WOW64)";

    private static Row event(String user, long ts, long session, String page, String auth, String level, long registration) {
        return RowFactory.create(user, ts, session, page, auth, level, "F", AGENT, "Austin, TX", registration);
    }

    @Test
    void labelActivityAndRegistrationAreTheModelsOwn(SparkSession spark) {
        Dataset<Row> events = spark.createDataFrame(List.of(
                // "a" churns: the label pages and the Cancelled row are not activity.
                event("a", 0, 1, "NextSong", "Logged In", "free", 10 * DAY),
                event("a", DAY, 2, "NextSong", "Logged In", "paid", 10 * DAY),
                event("a", 2 * DAY, 2, "Cancel", "Logged In", "paid", 10 * DAY),
                event("a", 2 * DAY + 1, 2, "Cancellation Confirmation", "Cancelled", "paid", 10 * DAY),
                event("a", 2 * DAY + 2, 3, "Home", "Cancelled", "free", 10 * DAY),
                // "b" stays; a later event carries a later registration, which is the one the features use.
                event("b", 0, 5, "Home", "Logged In", "free", 5 * DAY),
                event("b", 3 * DAY, 6, "NextSong", "Logged In", "free", 6 * DAY)), SCHEMA);

        UserTable table = UserTable.of(events);
        Map<String, Row> users = table.users().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs(UserTable.USER_ID), r -> r));

        Row a = users.get("a");
        assertTrue(a.<Boolean>getAs(UserTable.CHURNED));
        assertEquals(2 * DAY + 1, a.<Long>getAs(UserTable.REF_TS), "the churn time of ChurnLabels");
        assertEquals(2L, a.<Long>getAs(UserTable.EVENTS), "no label page and no Cancelled row");
        assertEquals(2L, a.<Long>getAs(UserTable.SESSIONS), "session 3 had only a Cancelled row");
        assertEquals("paid", a.getAs(UserTable.LAST_LEVEL), "the last level of the usable events");
        Row b = users.get("b");
        assertFalse(b.<Boolean>getAs(UserTable.CHURNED));
        assertEquals(3 * DAY, b.<Long>getAs(UserTable.REF_TS));
        assertEquals((3 * DAY - 6 * DAY) / (double) DAY, b.<Double>getAs(UserTable.REGISTERED_DAYS), 1e-9,
                "the latest registration, as ChurnFeatures reads it");
        assertEquals(4, b.<Integer>getAs(UserTable.DAYS_OBSERVED));

        assertEquals(ChurnFeatures.usable(events).count(), table.activity().count());
        assertEquals(ChurnLabels.churnTimes(events).filter("churn_ts IS NOT NULL").count(),
                table.users().filter(UserTable.CHURNED).count());
        table.release();
    }
}
