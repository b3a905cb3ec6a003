package io.sparkify.churn.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The label: a user churned at the time of their first "Cancellation Confirmation" event. */
public final class ChurnLabels {

    public static final String CHURN_TS = "churn_ts";
    public static final String LABEL = "label";

    private ChurnLabels() {
    }

    /** Every user with their churn time ({@value #CHURN_TS}, null for users who never churned). */
    public static Dataset<Row> churnTimes(Dataset<Row> events) {
        return events.filter(ChurnDefinition.hasUserId())
                .groupBy("userId")
                .agg(min(when(ChurnDefinition.isChurnEvent(), col("ts"))).as(CHURN_TS));
    }

    /** Whole-history label: {@value #LABEL} 1.0 for users who ever churned. */
    public static Dataset<Row> everChurned(Dataset<Row> churnTimes) {
        return churnTimes.select(col("userId"),
                when(col(CHURN_TS).isNotNull(), lit(1.0)).otherwise(lit(0.0)).as(LABEL));
    }
}
