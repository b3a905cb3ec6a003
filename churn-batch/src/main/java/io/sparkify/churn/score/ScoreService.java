package io.sparkify.churn.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.mean;
import static org.apache.spark.sql.functions.stddev_pop;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkify.churn.features.ChurnFeatures;
import io.sparkify.churn.features.ChurnLabels;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.model.FeatureImportances;
import io.sparkify.churn.model.Scores;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.error.InvalidInputException;
import io.sparkify.error.OperationFailedException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code score}: the champion scores every active user (no "Cancellation Confirmation") as of the latest event,
 * with a risk band and the features pushing their risk. Writes {@code <out>/scores} (parquet) and
 * {@code <out>/top-at-risk.csv}.
 *
 * <p>Bands: see {@link RiskBands} (the champion's flagged share, chosen on validation data, as a rank over the
 * scored users).
 */
public final class ScoreService {

    public static final String SCORES_DIR = "scores";
    public static final String TOP_CSV = "top-at-risk.csv";
    public static final int EXPLAINED_FEATURES = 3;

    public static final StructType OUTPUT_SCHEMA = new StructType()
            .add("userId", DataTypes.StringType, false)
            .add("churn_probability", DataTypes.DoubleType, false)
            .add("risk_band", DataTypes.StringType, false)
            .add("top_features", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("scored_at", DataTypes.TimestampType, false)
            .add("model_version", DataTypes.StringType, false);

    private ScoreService() {
    }

    public static ScoreResult score(LoadedEvents input, ModelRegistry registry, String out, int topN) {
        String version = registry.champion().orElseThrow(() -> new InvalidInputException(
                "no champion model in " + registry.root() + ": run train first"));
        PipelineModel model = registry.loadModel(version);
        JsonNode metrics = registry.metrics(version);
        JsonNode cand = metrics.path("champion_candidate");
        List<String> features = FeatureImportances.featureColumns(model);
        Map<String, Double> signed = new HashMap<>();
        for (JsonNode imp : metrics.path("evaluations").path("forward").path("models")
                .path(cand.path("model").asText()).path("importances")) {
            signed.put(imp.path("feature").asText(), imp.path("signed_weight").asDouble());
        }

        long asOfMs = input.quality().lastEventMs() + 1;
        Dataset<Row> events = input.userEvents();
        Dataset<Row> active = ChurnLabels.churnTimes(events).filter(col(ChurnLabels.CHURN_TS).isNull())
                .select(col(ChurnFeatures.USER_ID), lit(asOfMs).as(ChurnFeatures.AS_OF));
        Dataset<Row> feats = ChurnFeatures.build(events, active).persist(StorageLevel.MEMORY_AND_DISK());

        List<Column> stats = new ArrayList<>();
        for (String f : features) {
            stats.add(mean(col(f)));
            stats.add(stddev_pop(col(f)));
        }
        Row st = feats.agg(stats.get(0), stats.subList(1, stats.size()).toArray(Column[]::new)).first();
        int k = features.size();
        double[] means = new double[k];
        double[] stds = new double[k];
        double[] weights = new double[k];
        for (int j = 0; j < k; j++) {
            means[j] = st.isNullAt(2 * j) ? 0 : st.getDouble(2 * j);
            stds[j] = st.isNullAt(2 * j + 1) ? 0 : st.getDouble(2 * j + 1);
            weights[j] = signed.getOrDefault(features.get(j), 0.0);
        }
        RiskExplainer explainer = new RiskExplainer(features.toArray(String[]::new), weights, means, stds, EXPLAINED_FEATURES);

        List<Column> cols = new ArrayList<>();
        cols.add(col(ChurnFeatures.USER_ID));
        cols.add(Scores.churnProbability().as("p"));
        features.forEach(f -> cols.add(col(f)));
        Dataset<Row> predicted = model.transform(feats).select(cols.toArray(Column[]::new))
                .persist(StorageLevel.MEMORY_AND_DISK());
        RiskBands bands = RiskBands.of(cand, predicted, "p");
        Timestamp scoredAt = new Timestamp(asOfMs);
        MapFunction<Row, Row> toOutput = r -> {
            double p = r.getDouble(1);
            double[] x = new double[k];
            for (int j = 0; j < k; j++) {
                x[j] = r.getDouble(2 + j);
            }
            return RowFactory.create(r.getString(0), p, bands.band(p),
                    scala.jdk.javaapi.CollectionConverters.asScala(explainer.explain(x)).toSeq(), scoredAt, version);
        };
        Dataset<Row> scored = predicted.map(toOutput, Encoders.row(OUTPUT_SCHEMA));
        String scoresUri = out + "/" + SCORES_DIR;
        scored.write().mode(SaveMode.Overwrite).parquet(scoresUri);
        predicted.unpersist();
        feats.unpersist();

        Dataset<Row> written = events.sparkSession().read().parquet(scoresUri);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String b : List.of("high", "medium", "low")) {
            counts.put(b, 0L);
        }
        for (Row r : written.groupBy("risk_band").count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        long users = counts.values().stream().mapToLong(Long::longValue).sum();
        List<ScoreResult.ScoredUser> top = new ArrayList<>();
        for (Row r : written.orderBy(col("churn_probability").desc(), col("userId")).limit(topN).collectAsList()) {
            top.add(new ScoreResult.ScoredUser(r.getString(0), r.getDouble(1), r.getString(2), r.getList(3)));
        }
        String csvUri = out + "/" + TOP_CSV;
        writeCsv(events.sparkSession().sparkContext().hadoopConfiguration(), csvUri, top);
        return new ScoreResult(version, Instant.ofEpochMilli(asOfMs).toString(), users, counts, top, scoresUri, csvUri,
                bands.high(), bands.medium(), bands.flagShare());
    }

    private static void writeCsv(org.apache.hadoop.conf.Configuration conf, String uri, List<ScoreResult.ScoredUser> top) {
        StringBuilder b = new StringBuilder("rank,userId,churn_probability,risk_band,top_features\n");
        int rank = 1;
        for (ScoreResult.ScoredUser u : top) {
            b.append(rank++).append(',').append(csv(u.userId())).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", u.probability())).append(',').append(u.band()).append(',')
                    .append(csv(String.join("; ", u.topFeatures()))).append('\n');
        }
        Path p = new Path(uri);
        try {
            FileSystem fs = p.getFileSystem(conf);
            try (OutputStream o = fs.create(p, true)) {
                o.write(b.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new OperationFailedException("cannot write " + uri + ": " + e.getMessage(), e);
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
