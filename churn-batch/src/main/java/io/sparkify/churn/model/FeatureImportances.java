package io.sparkify.churn.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;

/**
 * What a trained pipeline relies on, per feature: {@code importance} (tree importances, or |coefficient| of the
 * logistic regression on standardized features; normalised to sum 1) and {@code signed_weight}, the
 * importance with the direction in which a higher value moves churn risk (the coefficient's sign; for trees,
 * the sign of the difference between churners' and non-churners' mean in the training rows). Scoring multiplies
 * {@code signed_weight} by a user's standardized deviation to name the features pushing that user's risk.
 */
public final class FeatureImportances {

    private FeatureImportances() {
    }

    /** The feature columns the pipeline's assembler reads, in vector order. */
    public static List<String> featureColumns(PipelineModel model) {
        for (Transformer t : model.stages()) {
            if (t instanceof VectorAssembler va) {
                return List.of(va.getInputCols());
            }
        }
        throw new IllegalArgumentException("the pipeline has no VectorAssembler");
    }

    /**
     * @param directions per feature, +1 when churners had the higher training mean, -1 otherwise (used for trees)
     * @return one map per feature (feature, importance, signed_weight), most important first
     */
    public static List<Map<String, Object>> of(PipelineModel model, Map<String, Double> directions) {
        List<String> names = featureColumns(model);
        Transformer last = model.stages()[model.stages().length - 1];
        double[] raw;
        double[] signed;
        if (last instanceof LogisticRegressionModel lr) {
            signed = lr.coefficients().toArray();
            raw = new double[signed.length];
            for (int i = 0; i < signed.length; i++) {
                raw[i] = Math.abs(signed[i]);
            }
        } else {
            Vector v = last instanceof RandomForestClassificationModel rf ? rf.featureImportances()
                    : ((GBTClassificationModel) last).featureImportances();
            raw = v.toArray();
            signed = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                signed[i] = raw[i] * directions.getOrDefault(names.get(i), 1.0);
            }
        }
        double total = 0;
        for (double r : raw) {
            total += r;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", names.get(i));
            m.put("importance", total == 0 ? 0.0 : raw[i] / total);
            m.put("signed_weight", total == 0 ? 0.0 : signed[i] / total);
            out.add(m);
        }
        out.sort((a, b) -> Double.compare((Double) b.get("importance"), (Double) a.get("importance")));
        return out;
    }
}
