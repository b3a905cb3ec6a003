package io.sparkify.churn.model;

import io.sparkify.churn.features.ChurnLabels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Univariate screening on TRAINING rows only: a feature is kept when, on its own, it separates the training labels
 * (|AUC-ROC - 0.5| at least {@code minSeparation}). With a few dozen churners per cut-off, features without
 * signal mostly add noise that the models fit; screening them out on training data is part of the fit, so the
 * test rows stay unseen. At least {@code minKeep} features (the most separating) are kept.
 */
public final class FeatureScreening {

    /**
     * @param kept the selected features, in the input order
     * @param trainAuc every feature's univariate training AUC-ROC
     */
    public record Result(List<String> kept, Map<String, Double> trainAuc) {
    }

    private FeatureScreening() {
    }

    public static Result screen(Dataset<Row> train, List<String> features, double minSeparation, int minKeep) {
        List<Column> cols = new ArrayList<>();
        cols.add(functions.col(ChurnLabels.LABEL));
        features.forEach(f -> cols.add(functions.col(f)));
        List<Row> rows = train.select(cols.toArray(Column[]::new)).collectAsList();
        double[] labels = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            labels[i] = rows.get(i).getDouble(0);
        }
        Map<String, Double> auc = new LinkedHashMap<>();
        for (int j = 0; j < features.size(); j++) {
            double[] x = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                x[i] = rows.get(i).getDouble(j + 1);
            }
            auc.put(features.get(j), BinaryMetrics.aucRoc(new Scores(x, labels)));
        }
        List<String> ranked = new ArrayList<>(features);
        ranked.sort(Comparator.comparingDouble((String f) -> separation(auc.get(f))).reversed());
        List<String> kept = new ArrayList<>();
        for (String f : features) {
            if (separation(auc.get(f)) >= minSeparation || ranked.indexOf(f) < minKeep) {
                kept.add(f);
            }
        }
        return new Result(List.copyOf(kept), auc);
    }

    private static double separation(Double auc) {
        return auc == null || auc.isNaN() ? 0 : Math.abs(auc - 0.5);
    }
}
