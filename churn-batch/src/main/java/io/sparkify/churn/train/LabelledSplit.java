package io.sparkify.churn.train;

import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.FlagShare;
import io.sparkify.churn.model.Scores;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The labels of an evaluation's training and test rows: their counts and base rates for metrics.json, and the
 * trivial baseline every gain is measured against (every row scored with the training base rate; its flagged
 * share chosen on training data like the models', which flags everyone, the best F1 a constant can get; the
 * accuracy and weighted F1 of predicting "nobody churns" beside it).
 */
record LabelledSplit(Scores train, Scores test) {

    static LabelledSplit of(Dataset<Row> train, Dataset<Row> test) {
        return new LabelledSplit(Scores.unscored(train), Scores.unscored(test));
    }

    /** {@code rows} (train, train_positives, test, test_positives) and the two base rates, into the facts. */
    void describeInto(Map<String, Object> facts, Map<String, Object> moreRows) {
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("train", (long) train.size());
        rows.put("train_positives", train.positives());
        rows.putAll(moreRows);
        rows.put("test", (long) test.size());
        rows.put("test_positives", test.positives());
        facts.put("rows", rows);
        facts.put("train_base_rate", train.baseRate());
        facts.put("test_base_rate", test.baseRate());
    }

    Map<String, Object> baseline() {
        double base = train.baseRate();
        Scores testScores = test.constant(base);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "base rate");
        m.put("score", base);
        m.put("metrics", BinaryMetrics.evaluate(testScores, FlagShare.maxF1(train.constant(base)).thresholdFor(testScores)));
        Map<String, Object> majority = BinaryMetrics.evaluate(test.constant(0.0), 0.5);
        m.put("majority_accuracy", majority.get("accuracy"));
        m.put("majority_weighted_f1", majority.get("weighted_f1"));
        return m;
    }
}
