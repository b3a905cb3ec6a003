package io.sparkify.churn.report.data;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/** The aggregate columns of a {@link BoxStats} (exact percentiles: per-user data is small) and reading them back. */
final class BoxStatsQuery {

    private BoxStatsQuery() {
    }

    /** Three aggregate columns over {@code value}: the quantile array, the mean and the non-null count. */
    static Column[] columns(String value) {
        return new Column[] {
                expr("percentile(`" + value + "`, array(0, 0.25, 0.5, 0.75, 1))").as("quantiles"),
                avg(col(value)).as("mean"),
                count(col(value)).as("n")};
    }

    /** Reads the three columns starting at {@code at}; an empty group gives all zeros. */
    static BoxStats read(Row row, int at) {
        if (row == null || row.isNullAt(at)) {
            return new BoxStats(0, 0, 0, 0, 0, 0, 0);
        }
        List<Object> q = row.getList(at);
        return new BoxStats(d(q.get(0)), d(q.get(1)), d(q.get(2)), d(q.get(3)), d(q.get(4)),
                row.getDouble(at + 1), row.getLong(at + 2));
    }

    private static double d(Object o) {
        return ((Number) o).doubleValue();
    }
}
