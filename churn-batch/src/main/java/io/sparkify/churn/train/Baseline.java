package io.sparkify.churn.train;

import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.Scores;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trivial baseline every gain is measured against: every user scored with the training base rate. Its
 * threshold is chosen on training data like the models' (which flags everyone: the best F1 a constant can get);
 * the accuracy and weighted F1 of predicting "nobody churns" are given beside it.
 */
final class Baseline {

    private Baseline() {
    }

    static Map<String, Object> evaluate(Scores train, Scores test) {
        double base = train.baseRate();
        double threshold = BinaryMetrics.maxF1Threshold(train.constant(base));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "base rate");
        m.put("score", base);
        m.put("metrics", BinaryMetrics.evaluate(test.constant(base), threshold));
        Map<String, Object> majority = BinaryMetrics.evaluate(test.constant(0.0), 0.5);
        m.put("majority_accuracy", majority.get("accuracy"));
        m.put("majority_weighted_f1", majority.get("weighted_f1"));
        return m;
    }
}
