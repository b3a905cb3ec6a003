package io.sparkify.churn.model;

import io.sparkify.config.ConfigKey;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The candidate model families. Each is a pipeline assembler -> standard scaler -> classifier, trained with
 * the {@value #WEIGHT} column (class weights for the imbalance), with its small hyper-parameter grid.
 */
public enum ModelKind {
    LR("lr", "LogisticRegression"),
    RF("rf", "RandomForest"),
    GBT("gbt", "GBT"),
    /**
     * The one-line rule as a model: sessions per day since the user's first event before the cut-off
     * ({@code daily_sessions}), through an unregularised logistic regression, so that it ranks users exactly like
     * the rule (when churn rises with the rate) and can be registered and scored like any other family. With it
     * among the candidates the champion is never worse on validation than the rule.
     */
    RATE("rate", "ActivityRate");

    /** The feature of the {@link #RATE} family and of the {@code activity_rate} baseline. */
    public static final String ACTIVITY_RATE_FEATURE = "daily_sessions";

    public static final String FEATURES_RAW = "features_raw";
    public static final String FEATURES = "features";
    public static final String WEIGHT = "weight";

    private final String id;
    private final String displayName;

    ModelKind(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The short id used in flags and metrics.json ({@code lr}, {@code rf}, {@code gbt}). */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /**
     * The families trained when none are named. GBT is left out: on validation cut-offs it never came close to
     * LR (mean validation AUC-PR 0.06-0.08 against 0.20-0.24, docs/churn.md), and each boosting round is a Spark
     * job, so it cost more than half of a training run to be never chosen. {@code --model-types gbt} (or the conf's
     * {@code train.model.types}, whose default this is) still runs it.
     */
    public static List<ModelKind> defaults() {
        return Arrays.stream(ConfigKey.TRAIN_MODEL_TYPES.defaultValue().split(",")).map(ModelKind::forId).toList();
    }

    /**
     * Rank from the simplest: the one-line rule, then a linear model, then the tree ensembles. Family selection
     * prefers the simpler of two candidates that validation cannot tell apart.
     */
    public int complexity() {
        return switch (this) {
            case RATE -> 0;
            case LR -> 1;
            case RF -> 2;
            case GBT -> 3;
        };
    }

    public static ModelKind forId(String id) {
        for (ModelKind k : values()) {
            if (k.id.equalsIgnoreCase(id) || k.name().equalsIgnoreCase(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model '" + id + "': expected lr, rf, gbt or rate");
    }

    /**
     * An untrained pipeline and the parameter maps to search.
     *
     * @param assembler the pipeline's first stage, whose input columns {@link #fit} may replace
     */
    public record Candidate(Pipeline pipeline, ParamMap[] grid, VectorAssembler assembler) {

        /**
         * Fits the pipeline with these parameters on these feature columns. Tuning and the final fit may screen
         * different features; the parameters stay those of this candidate's stages, so they apply to both.
         */
        public PipelineModel fit(Dataset<Row> rows, ParamMap params, List<String> features) {
            ParamMap withFeatures = params.copy().put(assembler.inputCols(), features.toArray(String[]::new));
            return pipeline.fit(rows, withFeatures);
        }
    }

    /** The feature columns this family uses, given the screened ones: {@link #RATE} always uses its one feature. */
    public List<String> features(List<String> screened) {
        return this == RATE ? List.of(ACTIVITY_RATE_FEATURE) : screened;
    }

    public Candidate candidate(List<String> featureColumns, Grid grid, long seed) {
        VectorAssembler assembler = new VectorAssembler()
                .setInputCols(featureColumns.toArray(String[]::new)).setOutputCol(FEATURES_RAW);
        StandardScaler scaler = new StandardScaler().setInputCol(FEATURES_RAW).setOutputCol(FEATURES)
                .setWithMean(true).setWithStd(true);
        ParamGridBuilder g = new ParamGridBuilder();
        ProbabilisticClassifier<?, ?, ?> classifier;
        boolean full = grid == Grid.FULL;
        switch (this) {
            // Grids chosen on validation cut-offs before the test window (docs/churn.md): with a few hundred
            // churn rows, strong regularisation and large leaves generalise across cut-offs; weak ones do not.
            case LR -> {
                LogisticRegression lr = new LogisticRegression().setMaxIter(100).setElasticNetParam(0.0);
                g.addGrid(lr.regParam(), full ? new double[] {0.1, 0.3, 1.0} : new double[] {0.3});
                classifier = lr;
            }
            case RF -> {
                RandomForestClassifier rf = new RandomForestClassifier().setNumTrees(full ? 150 : 100).setSeed(seed);
                g.addGrid(rf.maxDepth(), full ? new int[] {4, 8} : new int[] {4});
                // A share of the training weight, not a row count: the same setting suits the forward rows
                // (thousands) and the classic folds (a few hundred users).
                g.addGrid(rf.minWeightFractionPerNode(), full ? new double[] {0.01, 0.05} : new double[] {0.05});
                classifier = rf;
            }
            case GBT -> {
                // Each boosting round is one Spark job per fit: fewer, larger steps (30 x 0.1 rather than 60 x
                // 0.05) halve the job count at the same shrinkage budget; validation preferred neither step.
                GBTClassifier gbt = new GBTClassifier().setMaxIter(full ? 30 : 15).setSeed(seed).setSubsamplingRate(0.8)
                        .setMinWeightFractionPerNode(0.02).setStepSize(0.1);
                g.addGrid(gbt.maxDepth(), full ? new int[] {2, 3} : new int[] {3});
                classifier = gbt;
            }
            case RATE -> {
                LogisticRegression lr = new LogisticRegression().setMaxIter(100).setRegParam(0.0);
                g.addGrid(lr.regParam(), new double[] {0.0});
                classifier = lr;
            }
            default -> throw new IllegalStateException();
        }
        classifier.setFeaturesCol(FEATURES);
        classifier.setLabelCol("label");
        setWeight(classifier);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, classifier});
        return new Candidate(pipeline, g.build(), assembler);
    }

    private static void setWeight(ProbabilisticClassifier<?, ?, ?> c) {
        if (c instanceof LogisticRegression lr) {
            lr.setWeightCol(WEIGHT);
        } else if (c instanceof RandomForestClassifier rf) {
            rf.setWeightCol(WEIGHT);
        } else if (c instanceof GBTClassifier gbt) {
            gbt.setWeightCol(WEIGHT);
        }
    }
}
