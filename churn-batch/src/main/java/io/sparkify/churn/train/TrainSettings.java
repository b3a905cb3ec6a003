package io.sparkify.churn.train;

import io.sparkify.churn.features.ChurnFeatures;
import io.sparkify.churn.model.Grid;
import io.sparkify.churn.model.ModelKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides a training run, built once at the CLI edge.
 *
 * @param models the model families to train and compare
 * @param grid how much hyper-parameter search ({@link Grid#FULL} is the shipped default)
 * @param folds k of the classic evaluation's cross-validation
 * @param seed the one seed of splits, folds and models
 * @param testFraction share of users held out (stratified) by the classic evaluation
 * @param horizonDays forward label: churn within this many days after the cut-off
 * @param cutoffStepDays days between forward training cut-offs
 * @param minHistoryDays days of data required before the first cut-off
 * @param classic whether to run the classic evaluation too (the forward one always runs: it picks the champion)
 * @param minGain promotion rule: challenger AUC-PR minus champion AUC-PR (same test window) must be at least this
 * @param features the candidate feature columns (default all of {@link ChurnFeatures#names()})
 * @param minSeparation forward evaluation: keep features whose univariate training AUC-ROC is at least this far
 *                      from 0.5 (0 keeps all); see {@link io.sparkify.churn.model.FeatureScreening}
 */
public record TrainSettings(List<ModelKind> models, Grid grid, int folds, long seed, double testFraction,
                            int horizonDays, int cutoffStepDays, int minHistoryDays, boolean classic,
                            double minGain, List<String> features, double minSeparation) {

    public static final int DEFAULT_HORIZON_DAYS = 14;

    public TrainSettings {
        models = List.copyOf(models);
        features = List.copyOf(features);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model to train");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("--folds must be at least 2");
        }
        if (!(testFraction > 0 && testFraction < 0.5)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 0.5)");
        }
        if (!ChurnFeatures.names().containsAll(features) || features.isEmpty()) {
            throw new IllegalArgumentException("unknown feature in " + features + "; known: " + ChurnFeatures.names());
        }
    }

    /** The shipped defaults. */
    public static TrainSettings defaults() {
        return new TrainSettings(List.of(ModelKind.values()), Grid.FULL, 3, 42L, 0.2, DEFAULT_HORIZON_DAYS, 7, 7,
                true, 0.0, ChurnFeatures.names(), 0.05);
    }

    public TrainSettings withGrid(Grid g) {
        return new TrainSettings(models, g, folds, seed, testFraction, horizonDays, cutoffStepDays, minHistoryDays,
                classic, minGain, features, minSeparation);
    }

    public TrainSettings withModels(List<ModelKind> m) {
        return new TrainSettings(m, grid, folds, seed, testFraction, horizonDays, cutoffStepDays, minHistoryDays,
                classic, minGain, features, minSeparation);
    }

    public TrainSettings withClassic(boolean c) {
        return new TrainSettings(models, grid, folds, seed, testFraction, horizonDays, cutoffStepDays, minHistoryDays,
                c, minGain, features, minSeparation);
    }

    public TrainSettings withMinGain(double g) {
        return new TrainSettings(models, grid, folds, seed, testFraction, horizonDays, cutoffStepDays, minHistoryDays,
                classic, g, features, minSeparation);
    }

    public TrainSettings withFeatures(List<String> f) {
        return new TrainSettings(models, grid, folds, seed, testFraction, horizonDays, cutoffStepDays, minHistoryDays,
                classic, minGain, f, minSeparation);
    }

    /** The "parameters" object of metrics.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("models", models.stream().map(ModelKind::id).toList());
        m.put("grid", grid.name().toLowerCase(java.util.Locale.ROOT));
        m.put("folds", folds);
        m.put("seed", seed);
        m.put("test_fraction", testFraction);
        m.put("horizon_days", horizonDays);
        m.put("cutoff_step_days", cutoffStepDays);
        m.put("min_history_days", minHistoryDays);
        m.put("classic", classic);
        m.put("min_gain", minGain);
        m.put("min_separation", minSeparation);
        return m;
    }
}
