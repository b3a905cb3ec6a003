package io.sparkify.churn.model;

import static org.apache.spark.sql.functions.col;

import io.sparkify.churn.features.ChurnLabels;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Churn probabilities and 0/1 labels of a scored set, on the driver. */
public record Scores(double[] scores, double[] labels) {

    public Scores {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
    }

    /** The churn-class probability of a model's output ({@code probability[1]}). */
    public static Column churnProbability() {
        return functions.vector_to_array(col("probability"), "float64").getItem(1);
    }

    /** Collects (probability of churn, label) of a model's predictions. */
    public static Scores collect(Dataset<Row> predictions) {
        List<Row> rows = predictions.select(churnProbability(), col(ChurnLabels.LABEL)).collectAsList();
        double[] s = new double[rows.size()];
        double[] l = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            s[i] = rows.get(i).getDouble(0);
            l[i] = rows.get(i).getDouble(1);
        }
        return new Scores(s, l);
    }

    /** The labels of some rows, every row scored 0: for counts and {@link #constant} baselines. */
    public static Scores unscored(Dataset<Row> rows) {
        List<Row> r = rows.select(col(ChurnLabels.LABEL)).collectAsList();
        double[] l = new double[r.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = r.get(i).getDouble(0);
        }
        return new Scores(new double[l.length], l);
    }

    public long positives() {
        return Math.round(Arrays.stream(labels).sum());
    }

    /** The trivial baseline: every row scored with the same value (the training base rate). */
    public Scores constant(double value) {
        double[] s = new double[labels.length];
        Arrays.fill(s, value);
        return new Scores(s, labels);
    }

    public Scores concat(Scores other) {
        double[] s = Arrays.copyOf(scores, scores.length + other.scores.length);
        double[] l = Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.scores, 0, s, scores.length, other.scores.length);
        System.arraycopy(other.labels, 0, l, labels.length, other.labels.length);
        return new Scores(s, l);
    }

    public int size() {
        return scores.length;
    }

    public double score(int i) {
        return scores[i];
    }

    public double label(int i) {
        return labels[i];
    }

    public double baseRate() {
        return size() == 0 ? 0 : Arrays.stream(labels).sum() / size();
    }
}
