package io.sparkify.churn.report.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Histogram (round bin widths) and churned/stayed summaries of one per-user column. */
final class DistributionAggregator {

    private static final int TARGET_BINS = 20;

    private DistributionAggregator() {
    }

    /** @param whole true when the column only takes whole numbers, so bins are at least 1 wide */
    static Distribution of(Dataset<Row> users, String column, boolean whole) {
        Dataset<Row> values = users.filter(col(column).isNotNull());
        Row range = values.agg(min(column), max(column)).first();
        Map<Boolean, BoxStats> stats = summaries(values, column);
        if (range.isNullAt(0)) {
            return new Distribution(column, List.of(), stats.get(true), stats.get(false));
        }
        double lo = ((Number) range.get(0)).doubleValue();
        double hi = ((Number) range.get(1)).doubleValue();
        double width = niceWidth((hi - lo) / TARGET_BINS, whole);
        double start = Math.floor(lo / width) * width;
        int binCount = (int) Math.floor((hi - start) / width) + 1;
        long[][] counts = new long[binCount][2];
        for (Row r : values.groupBy(floor(col(column).minus(start).divide(width)).cast("int").as("bin"))
                .agg(sum(when(col(UserTable.CHURNED), 1).otherwise(0)), sum(when(col(UserTable.CHURNED), 0).otherwise(1)))
                .collectAsList()) {
            int bin = Math.min(r.getInt(0), binCount - 1);
            counts[bin][0] += r.getLong(1);
            counts[bin][1] += r.getLong(2);
        }
        List<HistogramBin> bins = new ArrayList<>(binCount);
        for (int i = 0; i < binCount; i++) {
            bins.add(new HistogramBin(start + i * width, start + (i + 1) * width, counts[i][0], counts[i][1]));
        }
        return new Distribution(column, List.copyOf(bins), stats.get(true), stats.get(false));
    }

    static Map<Boolean, BoxStats> summaries(Dataset<Row> values, String column) {
        Map<Boolean, BoxStats> byLabel = new HashMap<>();
        byLabel.put(true, BoxStatsQuery.read(null, 0));
        byLabel.put(false, BoxStatsQuery.read(null, 0));
        for (Row r : values.groupBy(UserTable.CHURNED).agg(BoxStatsQuery.columns(column)[0],
                BoxStatsQuery.columns(column)[1], BoxStatsQuery.columns(column)[2]).collectAsList()) {
            byLabel.put(r.getBoolean(0), BoxStatsQuery.read(r, 1));
        }
        return byLabel;
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw}. */
    static double niceWidth(double raw, boolean whole) {
        if (!(raw > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double width = power * 10;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                width = m * power;
                break;
            }
        }
        return whole ? Math.max(1, Math.ceil(width)) : width;
    }
}
