package io.sparkify.churn.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import io.sparkify.churn.features.ChurnFeatures;
import io.sparkify.churn.features.ChurnLabels;
import io.sparkify.churn.features.ClassicObservation;
import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.FeatureImportances;
import io.sparkify.churn.model.FlagShare;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.model.Scores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic evaluation, comparable with the seed and public Sparkify work: features over each user's whole
 * history (label pages excluded), a stratified hold-out of users with a fixed seed, k-fold cross-validation of
 * each family's grid on the rest (AUC-PR), the churn threshold chosen on the out-of-fold predictions.
 */
public final class ClassicEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(ClassicEvaluation.class);
    static final String FOLD = "fold";
    static final String IS_TEST = "is_test";

    private ClassicEvaluation() {
    }

    public static EvaluationOutcome run(Dataset<Row> events, Dataset<Row> churnTimes, TrainSettings s) {
        Dataset<Row> users = ChurnFeatures.build(events, ClassicObservation.asOf(events))
                .join(ChurnLabels.everChurned(churnTimes), ChurnFeatures.USER_ID);
        Dataset<Row> split = stratifiedSplit(users, s).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> train = TrainingRows.materialized(
                TrainingRows.withClassWeights(split.filter(col(IS_TEST).equalTo(false))));
        Dataset<Row> test = TrainingRows.materialized(split.filter(col(IS_TEST).equalTo(true)));
        Map<String, Double> directions = TrainingRows.directions(train, s.features());

        List<ModelResult> results = new ArrayList<>();
        for (ModelKind kind : s.models()) {
            results.add(family(kind, s, train, test, directions));
        }
        ModelResult best = results.stream().max(Comparator.comparingDouble(ModelResult::selectionValue)).orElseThrow();

        LabelledSplit labels = LabelledSplit.of(train, test);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("split", "stratified by label, users ordered by xxhash64(userId, seed)");
        facts.put("observation", "one ms after the last event before the session that ends the user's history "
                + "(the cancelling session for churners, the last session for the others)");
        facts.put("folds", s.folds());
        facts.put("test_fraction", TrainSettings.CLASSIC_TEST_FRACTION);
        labels.describeInto(facts, Map.of());
        // Users whose whole history is the session that ends it have nothing to observe before it.
        facts.put("users_without_earlier_session", churnTimes.count() - split.count());
        facts.put("selected_by", "cv_auc_pr");
        Map<String, Object> baseline = labels.baseline();
        split.unpersist();
        return new EvaluationOutcome("classic", facts, results, baseline, best);
    }

    /** One family: cross-validated grid, flagged share from the out-of-fold predictions, one look at the test. */
    private static ModelResult family(ModelKind kind, TrainSettings s, Dataset<Row> train, Dataset<Row> test,
                                      Map<String, Double> directions) {
        long t0 = System.nanoTime();
        ModelKind.Candidate c = kind.candidate(kind.features(s.features()), s.grid(), s.seed());
        CrossValidator cv = new CrossValidator()
                .setEstimator(c.pipeline())
                .setEstimatorParamMaps(c.grid())
                .setEvaluator(new BinaryClassificationEvaluator().setMetricName("areaUnderPR")
                        .setRawPredictionCol("probability"))
                .setNumFolds(s.folds())
                .setFoldCol(FOLD)
                .setCollectSubModels(true)
                .setParallelism(2)
                .setSeed(s.seed());
        CrossValidatorModel cvModel = cv.fit(train);
        double[] avg = cvModel.avgMetrics();
        int best = 0;
        for (int i = 1; i < avg.length; i++) {
            if (avg[i] > avg[best]) {
                best = i;
            }
        }
        Scores outOfFold = new Scores(new double[0], new double[0]);
        Model<?>[][] sub = cvModel.subModels();
        for (int f = 0; f < s.folds(); f++) {
            outOfFold = outOfFold.concat(Scores.collect(sub[f][best].transform(train.filter(col(FOLD).equalTo(f)))));
        }
        FlagShare share = FlagShare.maxF1(outOfFold);
        PipelineModel model = (PipelineModel) cvModel.bestModel();
        Scores testScores = Scores.collect(model.transform(test));
        double seconds = (System.nanoTime() - t0) / 1e9;
        ModelResult r = new ModelResult(kind, TrainingRows.describe(c.grid()[best]), "cv_auc_pr", avg[best], share,
                "share flagged at the max-F1 point of the cross-validation's out-of-fold predictions, applied as "
                        + "a quantile of the final model's scores",
                BinaryMetrics.evaluate(testScores, share.thresholdFor(testScores)),
                FeatureImportances.of(model, directions), model, seconds, null, null, null, null);
        LOG.info("classic {}: CV AUC-PR {}, test AUC-PR {} ({} s)", kind.id(), avg[best], r.metric("auc_pr"),
                Math.round(seconds));
        return r;
    }

    /**
     * Exactly stratified: within each label, users in a seeded hash order; every {@code 1/CLASSIC_TEST_FRACTION}-th is held
     * out, the rest are dealt round-robin into the {@value #FOLD}s.
     */
    static Dataset<Row> stratifiedSplit(Dataset<Row> users, TrainSettings s) {
        Column order = xxhash64(col(ChurnFeatures.USER_ID), lit(s.seed()));
        Dataset<Row> ranked = users.withColumn("rn", row_number().over(
                Window.partitionBy(col(ChurnLabels.LABEL)).orderBy(order, col(ChurnFeatures.USER_ID))));
        Column f = lit(TrainSettings.CLASSIC_TEST_FRACTION);
        Dataset<Row> marked = ranked.withColumn(IS_TEST,
                floor(col("rn").multiply(f)).gt(floor(col("rn").minus(1).multiply(f))));
        Dataset<Row> trainRanked = marked.filter(col(IS_TEST).equalTo(false)).withColumn("trn", row_number().over(
                Window.partitionBy(col(ChurnLabels.LABEL)).orderBy(order, col(ChurnFeatures.USER_ID))));
        Dataset<Row> train = trainRanked.withColumn(FOLD, col("trn").minus(1).mod(s.folds()).cast("int")).drop("trn");
        Dataset<Row> test = marked.filter(col(IS_TEST).equalTo(true)).withColumn(FOLD, lit(-1));
        return train.unionByName(test).drop("rn");
    }
}
