package io.sparkify.churn.report.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.sparkify.churn.features.ChurnDefinition;
import io.sparkify.churn.features.ChurnFeatures;
import io.sparkify.churn.features.ChurnLabels;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The events the report analyses and one row per user derived from them, both cached: every
 * view of the report is an aggregation of one of these two.
 *
 * <p>{@link #CHURNED} is the model's label ({@link ChurnLabels}); the activity measures and the
 * user's attributes come from the events the model's features may use ({@link ChurnFeatures#usable}:
 * no label pages, no {@code auth = Cancelled} rows), the registration as the features read it.
 */
public final class UserTable {

    /** Per-user columns. */
    public static final String USER_ID = "userId";
    public static final String CHURNED = "churned";
    public static final String FIRST_TS = "first_ts";
    public static final String LAST_TS = "last_ts";
    /** Cancellation time for churned users, last event for the others: the end of their history. */
    public static final String REF_TS = "ref_ts";
    /** Calendar days (UTC) from the first to the last event, both included: at least 1. */
    public static final String DAYS_OBSERVED = "days_observed";
    public static final String GENDER = "gender";
    public static final String LAST_LEVEL = "last_level";
    public static final String DEVICE = "device";
    public static final String STATE = "state";
    public static final String REGISTERED_DAYS = "registered_days";
    public static final String SESSIONS = "sessions";
    /** Events of the user, label pages excluded. */
    public static final String EVENTS = "events";
    public static final String ITEMS_PER_SESSION = "items_per_session";

    private final Dataset<Row> activity;
    private final Dataset<Row> users;

    private UserTable(Dataset<Row> activity, Dataset<Row> users) {
        this.activity = activity;
        this.users = users;
    }

    /** @param identified valid events with a non-empty userId */
    public static UserTable of(Dataset<Row> identified) {
        // The label, the activity and the attributes are the model's own (ChurnLabels,
        // ChurnFeatures.usable, the features' registration), so the report describes what the model sees.
        Dataset<Row> label = ChurnLabels.churnTimes(identified).select(col(USER_ID),
                col(ChurnLabels.CHURN_TS).isNotNull().as(CHURNED), col(ChurnLabels.CHURN_TS).as("cancel_ts"));
        Dataset<Row> usable = ChurnFeatures.usable(identified);
        Dataset<Row> activity = usable.join(label.select(USER_ID, CHURNED), USER_ID).cache();
        // The span of a user's history includes the cancellation that ends it.
        Dataset<Row> span = identified.groupBy(USER_ID).agg(min("ts").as(FIRST_TS), max("ts").as(LAST_TS));
        Dataset<Row> attributes = usable.groupBy(USER_ID).agg(
                max_by(col("gender"), col("ts")).as(GENDER),
                max_by(col("level"), col("ts")).as(LAST_LEVEL),
                regexp_extract(max_by(col("userAgent"), col("ts")), "\\(([^ ;)]+)", 1).as(DEVICE),
                regexp_extract(max_by(col("location"), col("ts")), ", ([A-Z]{2})", 1).as(STATE),
                max("registration").as("registration"),
                count(lit(1)).as("events"),
                count_distinct(col("sessionId")).as(SESSIONS));
        Dataset<Row> users = span.join(label, USER_ID).join(attributes, new String[] {USER_ID}, "left")
                .na().fill(0, new String[] {"events", SESSIONS})
                .withColumn(REF_TS, when(col(CHURNED), col("cancel_ts")).otherwise(col(LAST_TS)))
                .withColumn(DAYS_OBSERVED, datediff(day(col(LAST_TS)), day(col(FIRST_TS))).plus(1))
                .withColumn(REGISTERED_DAYS, col(LAST_TS).minus(col("registration")).divide(ChurnDefinition.DAY_MS))
                .withColumn(ITEMS_PER_SESSION, when(col(SESSIONS).gt(0), col("events").divide(col(SESSIONS))))
                .cache();
        return new UserTable(activity, users);
    }

    /** The UTC date of an epoch-millisecond column. */
    public static Column day(Column epochMillis) {
        return to_date(timestamp_millis(epochMillis));
    }

    /** Events with a userId minus the label pages, with the user's {@link #CHURNED} flag. */
    public Dataset<Row> activity() {
        return activity;
    }

    /** One row per user with the columns named by this class's constants. */
    public Dataset<Row> users() {
        return users;
    }

    public void release() {
        activity.unpersist();
        users.unpersist();
    }
}
