package io.sparkify.churn.train;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.sparkify.churn.features.ChurnLabels;
import io.sparkify.churn.model.ModelKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.jdk.javaapi.CollectionConverters;

/** Helpers shared by both evaluations. */
final class TrainingRows {

    private TrainingRows() {
    }

    /**
     * These rows computed once and kept (memory, then disk) with their lineage cut. Why not {@code persist}: model
     * fitting runs hundreds of small Spark jobs (every boosting round of every fold), and each task ships the plan
     * that produced its input; the feature plans are large (window functions over the events, one expression per
     * feature), so a cached but uncut input made every task carry about 1.4 MB and dominated GBT's time.
     */
    static Dataset<Row> materialized(Dataset<Row> rows) {
        return rows.localCheckpoint(true, StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * Adds the {@value ModelKind#WEIGHT} column: each class weighs half of the rows in total, so the minority
     * (churn) class counts as much as the majority.
     */
    static Dataset<Row> withClassWeights(Dataset<Row> rows) {
        Row r = rows.agg(sum(col(ChurnLabels.LABEL)), org.apache.spark.sql.functions.count(lit(1))).first();
        double pos = r.isNullAt(0) ? 0 : r.getDouble(0);
        double n = r.getLong(1);
        double neg = n - pos;
        double wPos = pos == 0 ? 1 : n / (2 * pos);
        double wNeg = neg == 0 ? 1 : n / (2 * neg);
        return rows.withColumn(ModelKind.WEIGHT, when(col(ChurnLabels.LABEL).equalTo(1.0), wPos).otherwise(wNeg));
    }

    /** +1 for features whose mean is higher among churners in these rows, -1 otherwise. */
    static Map<String, Double> directions(Dataset<Row> rows, List<String> features) {
        List<Column> aggs = new ArrayList<>();
        for (String f : features) {
            aggs.add(avg(when(col(ChurnLabels.LABEL).equalTo(1.0), col(f))));
            aggs.add(avg(when(col(ChurnLabels.LABEL).equalTo(0.0), col(f))));
        }
        Row r = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
        Map<String, Double> d = new LinkedHashMap<>();
        for (int i = 0; i < features.size(); i++) {
            double churn = r.isNullAt(2 * i) ? 0 : r.getDouble(2 * i);
            double stay = r.isNullAt(2 * i + 1) ? 0 : r.getDouble(2 * i + 1);
            d.put(features.get(i), churn >= stay ? 1.0 : -1.0);
        }
        return d;
    }

    /** Readable form of a parameter map: param name -> value. */
    static Map<String, Object> describe(ParamMap pm) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (ParamPair<?> p : CollectionConverters.asJava(pm.toSeq())) {
            m.put(p.param().name(), p.value());
        }
        return m;
    }
}
