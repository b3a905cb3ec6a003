package io.sparkify.churn.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Point-in-time training rows: for each cut-off, every user not churned before it who has activity before it,
 * with features from events before the cut-off and {@value ChurnLabels#LABEL} = churned within
 * {@code [cutoff, cutoff + horizon)}.
 */
public final class ForwardDataset {

    private ForwardDataset() {
    }

    /**
     * @param events the cleaned user events
     * @param churnTimes from {@link ChurnLabels#churnTimes}
     * @param cutoffs epoch-ms cut-offs, each a UTC midnight ({@link CutoffPlan})
     * @return userId, as_of (= cut-off), the features, label
     */
    public static Dataset<Row> build(Dataset<Row> events, Dataset<Row> churnTimes, List<Long> cutoffs, long horizonMs) {
        Dataset<Row> cuts = events.sparkSession().createDataset(new ArrayList<>(cutoffs), Encoders.LONG()).toDF(ChurnFeatures.AS_OF);
        Dataset<Row> eligible = churnTimes.crossJoin(cuts)
                .filter(col(ChurnLabels.CHURN_TS).isNull().or(col(ChurnLabels.CHURN_TS).geq(col(ChurnFeatures.AS_OF))));
        Dataset<Row> features = ChurnFeatures.buildAtMidnights(events, eligible.select(ChurnFeatures.USER_ID, ChurnFeatures.AS_OF));
        Dataset<Row> labels = eligible.select(col(ChurnFeatures.USER_ID), col(ChurnFeatures.AS_OF),
                when(col(ChurnLabels.CHURN_TS).isNotNull()
                        .and(col(ChurnLabels.CHURN_TS).lt(col(ChurnFeatures.AS_OF).plus(lit(horizonMs)))), 1.0)
                        .otherwise(0.0).as(ChurnLabels.LABEL));
        // A fixed row order: the order rows reach a fit (RandomForest's bootstrap samples) and the bootstrap
        // intervals (users in the order they are collected) must not depend on which shuffle block arrived first,
        // or the same data and seed would not reproduce the same metrics.
        return features.join(labels, new String[] {ChurnFeatures.USER_ID, ChurnFeatures.AS_OF})
                .repartition(col(ChurnFeatures.USER_ID))
                .sortWithinPartitions(ChurnFeatures.USER_ID, ChurnFeatures.AS_OF);
    }

    /** The rows of the given cut-offs. */
    public static Dataset<Row> at(Dataset<Row> rows, List<Long> cutoffs) {
        return rows.filter(col(ChurnFeatures.AS_OF).isin(cutoffs.toArray()));
    }
}
