package io.sparkify.churn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkify.testsupport.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSpark.class)
class BinaryMetricsTest {

    @Test
    void areasMatchSparksEvaluatorIncludingTies(SparkSession spark) {
        Random r = new Random(7);
        int n = 400;
        double[] s = new double[n];
        double[] l = new double[n];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l[i] = r.nextDouble() < 0.2 ? 1 : 0;
            s[i] = Math.round((r.nextDouble() * 0.7 + l[i] * 0.3) * 20) / 20.0; // coarse: many ties
            rows.add(RowFactory.create(Vectors.dense(1 - s[i], s[i]), l[i]));
        }
        StructType schema = new StructType().add("probability", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        BinaryClassificationEvaluator ev = new BinaryClassificationEvaluator().setRawPredictionCol("probability");
        Scores scores = new Scores(s, l);
        assertEquals(ev.setMetricName("areaUnderROC").evaluate(df), BinaryMetrics.aucRoc(scores), 1e-9);
        assertEquals(ev.setMetricName("areaUnderPR").evaluate(df), BinaryMetrics.aucPr(scores), 1e-9);
    }

    @Test
    void thresholdMetricsAndConfusionMatrix() {
        Scores s = new Scores(new double[] {0.9, 0.8, 0.4, 0.3, 0.2, 0.1}, new double[] {1, 0, 1, 0, 0, 0});
        Map<String, Object> m = BinaryMetrics.evaluate(s, 0.4);
        @SuppressWarnings("unchecked")
        Map<String, Long> c = (Map<String, Long>) m.get("confusion");
        assertEquals(2L, c.get("tp"));
        assertEquals(1L, c.get("fp"));
        assertEquals(3L, c.get("tn"));
        assertEquals(0L, c.get("fn"));
        assertEquals(2.0 / 3, (Double) m.get("precision"), 1e-12);
        assertEquals(1.0, (Double) m.get("recall"), 1e-12);
        assertEquals(0.8, (Double) m.get("f1"), 1e-12);
        assertEquals(5.0 / 6, (Double) m.get("accuracy"), 1e-12);
        // class 0 F1 = 2*3/(2*3+0+1) = 6/7, weighted by support 4; class 1 F1 0.8 by support 2
        assertEquals((0.8 * 2 + 6.0 / 7 * 4) / 6, (Double) m.get("weighted_f1"), 1e-12);
        assertEquals(0.4, BinaryMetrics.maxF1Threshold(s), 1e-12);
    }

    @Test
    void constantScoreHasNoSkill() {
        Scores s = new Scores(new double[] {0.25, 0.25, 0.25, 0.25}, new double[] {1, 0, 0, 0});
        assertEquals(0.5, BinaryMetrics.aucRoc(s), 1e-12);
        assertEquals(0.25, BinaryMetrics.aucPr(s), 1e-12);
    }
}
