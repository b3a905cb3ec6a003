package io.sparkify.churn.features;

import static io.sparkify.churn.features.ChurnFeatures.AS_OF;
import static io.sparkify.churn.features.ChurnFeatures.USER_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The classic evaluation's observation point of each user: one ms after their last usable event before the
 * session that ends their history, i.e. the session holding their cancellation for churners and their last
 * session for users who stayed.
 *
 * <p>Why not "after the last event": a churner's last session is the one in which they cancel, and the clicks
 * on the way to the Cancel page (Downgrade, Roll Advert, Settings...) are the label in disguise; whole-history
 * features would score them as "recent exit-page activity". Users who stayed lose their last session too, so both
 * groups are observed the same way: at the end of a session after which, for churners, only the cancelling
 * session follows. Nothing in the ending session (its pages, its length, its events removed or added) can move
 * the observation point or a feature. A user whose history is a single session has nothing to observe and gets
 * no row.
 */
public final class ClassicObservation {

    private static final String ENDING_SESSION = "ending_session";
    private static final String ENDING_START = "ending_start";

    private ClassicObservation() {
    }

    /** One row ({@code userId}, {@code as_of}) per user with at least one usable event before the ending session. */
    public static Dataset<Row> asOf(Dataset<Row> events) {
        Dataset<Row> identified = events.filter(ChurnDefinition.hasUserId());
        Dataset<Row> cancelling = identified.filter(ChurnDefinition.isChurnEvent()).groupBy(USER_ID)
                .agg(min_by(col("sessionId"), col("ts")).as("cancel_session"));
        Dataset<Row> ending = identified.groupBy(USER_ID).agg(max_by(col("sessionId"), col("ts")).as("last_session"))
                .join(cancelling, new String[] {USER_ID}, "left")
                .select(col(USER_ID), coalesce(col("cancel_session"), col("last_session")).as(ENDING_SESSION));
        // Session ids are per user: (userId, sessionId) is the session, as in the features.
        Dataset<Row> endingStart = identified.join(ending, USER_ID)
                .filter(col("sessionId").equalTo(col(ENDING_SESSION)))
                .groupBy(USER_ID).agg(min("ts").as(ENDING_START));
        return ChurnFeatures.usable(events).join(ending, USER_ID).join(endingStart, USER_ID)
                .filter(col("sessionId").notEqual(col(ENDING_SESSION)).and(col("ts").lt(col(ENDING_START))))
                .groupBy(USER_ID).agg(max("ts").plus(1).as(AS_OF));
    }
}
