package io.sparkify.churn.report.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Users per group (and subgroup) split by churned and stayed, largest groups first. */
final class GroupCountsAggregator {

    static final String UNKNOWN = "unknown";

    private GroupCountsAggregator() {
    }

    /** @param subgroup a column of the user table, or null for a view with groups only */
    static List<GroupCounts> counts(Dataset<Row> users, String group, String subgroup) {
        Column g = label(group);
        Column s = subgroup == null ? lit("") : label(subgroup);
        Dataset<Row> counted = users.groupBy(g.as("g"), s.as("s")).agg(
                sum(when(col(UserTable.CHURNED), 1).otherwise(0)).as("churned"),
                sum(when(col(UserTable.CHURNED), 0).otherwise(1)).as("stayed"));
        Dataset<Row> sized = counted.join(counted.groupBy("g").agg(
                sum(col("churned").plus(col("stayed"))).as("group_users")), "g");
        List<GroupCounts> out = new ArrayList<>();
        for (Row r : sized.orderBy(desc("group_users"), col("g"), col("s")).collectAsList()) {
            out.add(new GroupCounts(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3)));
        }
        return out;
    }

    private static Column label(String column) {
        return coalesce(nullif(col(column), lit("")), lit(UNKNOWN));
    }
}
