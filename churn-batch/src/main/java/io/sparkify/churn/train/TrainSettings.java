package io.sparkify.churn.train;

import io.sparkify.churn.features.ChurnFeatures;
import io.sparkify.churn.model.Grid;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.registry.PromotionPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that decides a training run, built once at the CLI edge.
 *
 * @param models the model families to train and compare
 * @param grid how much hyper-parameter search ({@link Grid#FULL} is the shipped default)
 * @param folds k of the classic evaluation's cross-validation
 * @param seed the one seed of splits, folds and models
 * @param horizonDays forward label: churn within this many days after the cut-off
 * @param cutoffStepDays days between forward training cut-offs
 * @param minHistoryDays days of data required before the first cut-off
 * @param classic whether to run the classic evaluation too (opt-in: it decides nothing; the forward one always runs
 *                and picks the champion)
 * @param promotion when the new model replaces the champion
 * @param features the candidate feature columns (default {@link ChurnFeatures#defaults()}, any of
 *                 {@link ChurnFeatures#names()})
 * @param minSeparation forward evaluation: keep features whose univariate training AUC-ROC is at least this far
 *                      from 0.5 (0 keeps all); see {@link io.sparkify.churn.model.FeatureScreening}
 * @param testCutoffs forward evaluation: the last this many weekly cut-offs are test cut-offs (rolling origin)
 * @param validationCutoffs forward evaluation: validation cut-offs that choose family and parameters
 */
public record TrainSettings(List<ModelKind> models, Grid grid, int folds, long seed,
                            int horizonDays, int cutoffStepDays, int minHistoryDays, boolean classic,
                            PromotionPolicy promotion, List<String> features, double minSeparation,
                            int testCutoffs, int validationCutoffs) {

    public static final int DEFAULT_HORIZON_DAYS = 14;
    /**
     * Every other day: on a two-month log it is the step that leaves two validation cut-offs (each with a training
     * cut-off 14 days before it) beside two test cut-offs; 3 days left one, with 21 churners to choose a family on.
     * Overlapping horizons make the rows correlated, not wrong; the bootstrap resamples users, so a user's rows
     * stay together. With the rolling validation it came with, the 450-user train took 46.6 s against 43.9 s
     * (1.06x, docs/BENCHMARKS.md).
     */
    public static final int DEFAULT_CUTOFF_STEP_DAYS = 2;
    public static final int DEFAULT_TEST_CUTOFFS = 4;
    public static final int DEFAULT_VALIDATION_CUTOFFS = 3;
    /**
     * Share of users the classic evaluation holds out (stratified). Fixed, not a setting: the classic evaluation
     * decides nothing (the forward one picks the champion), and metrics.json records it as {@code test_fraction}.
     */
    public static final double CLASSIC_TEST_FRACTION = 0.2;

    public TrainSettings {
        models = List.copyOf(models);
        features = List.copyOf(features);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model to train");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("--folds must be at least 2");
        }
        if (!ChurnFeatures.names().containsAll(features) || features.isEmpty()) {
            throw new IllegalArgumentException("unknown feature in " + features + "; known: " + ChurnFeatures.names());
        }
        if (testCutoffs < 1 || validationCutoffs < 1) {
            throw new IllegalArgumentException("--test-cutoffs and --validation-cutoffs must be at least 1");
        }
    }

    /** The shipped defaults. */
    public static TrainSettings defaults() {
        return new TrainSettings(ModelKind.defaults(), Grid.FULL, 3, 42L, DEFAULT_HORIZON_DAYS,
                DEFAULT_CUTOFF_STEP_DAYS, 7, false, PromotionPolicy.defaults(), ChurnFeatures.defaults(), 0.05,
                DEFAULT_TEST_CUTOFFS, DEFAULT_VALIDATION_CUTOFFS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public TrainSettings withGrid(Grid g) {
        return toBuilder().grid(g).build();
    }

    public TrainSettings withModels(List<ModelKind> m) {
        return toBuilder().models(m).build();
    }

    public TrainSettings withClassic(boolean c) {
        return toBuilder().classic(c).build();
    }

    public TrainSettings withPromotion(PromotionPolicy p) {
        return toBuilder().promotion(p).build();
    }

    public TrainSettings withFeatures(List<String> f) {
        return toBuilder().features(f).build();
    }

    /** The "parameters" object of metrics.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("models", models.stream().map(ModelKind::id).toList());
        m.put("grid", grid.name().toLowerCase(Locale.ROOT));
        m.put("folds", folds);
        m.put("seed", seed);
        m.put("test_fraction", CLASSIC_TEST_FRACTION);
        m.put("horizon_days", horizonDays);
        m.put("cutoff_step_days", cutoffStepDays);
        m.put("min_history_days", minHistoryDays);
        m.put("classic", classic);
        m.put("tolerance", promotion.tolerance());
        m.put("force", promotion.force());
        m.put("min_separation", minSeparation);
        m.put("test_cutoffs", testCutoffs);
        m.put("validation_cutoffs", validationCutoffs);
        return m;
    }

    /** A copy of some settings with a few changed; {@link #build()} validates like the constructor. */
    public static final class Builder {
        private List<ModelKind> models;
        private Grid grid;
        private int folds;
        private long seed;
        private int horizonDays;
        private int cutoffStepDays;
        private int minHistoryDays;
        private boolean classic;
        private PromotionPolicy promotion;
        private List<String> features;
        private double minSeparation;
        private int testCutoffs;
        private int validationCutoffs;

        private Builder(TrainSettings s) {
            models = s.models;
            grid = s.grid;
            folds = s.folds;
            seed = s.seed;
            horizonDays = s.horizonDays;
            cutoffStepDays = s.cutoffStepDays;
            minHistoryDays = s.minHistoryDays;
            classic = s.classic;
            promotion = s.promotion;
            features = s.features;
            minSeparation = s.minSeparation;
            testCutoffs = s.testCutoffs;
            validationCutoffs = s.validationCutoffs;
        }

        public Builder testCutoffs(int v) {
            testCutoffs = v;
            return this;
        }

        public Builder validationCutoffs(int v) {
            validationCutoffs = v;
            return this;
        }

        public Builder models(List<ModelKind> v) {
            models = v;
            return this;
        }

        public Builder grid(Grid v) {
            grid = v;
            return this;
        }

        public Builder folds(int v) {
            folds = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder horizonDays(int v) {
            horizonDays = v;
            return this;
        }

        public Builder cutoffStepDays(int v) {
            cutoffStepDays = v;
            return this;
        }

        public Builder classic(boolean v) {
            classic = v;
            return this;
        }

        public Builder promotion(PromotionPolicy v) {
            promotion = v;
            return this;
        }

        public Builder features(List<String> v) {
            features = v;
            return this;
        }

        public Builder minSeparation(double v) {
            minSeparation = v;
            return this;
        }

        public TrainSettings build() {
            return new TrainSettings(models, grid, folds, seed, horizonDays, cutoffStepDays,
                    minHistoryDays, classic, promotion, features, minSeparation, testCutoffs, validationCutoffs);
        }
    }
}
