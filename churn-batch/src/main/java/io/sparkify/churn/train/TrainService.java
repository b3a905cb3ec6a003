package io.sparkify.churn.train;

import io.sparkify.churn.features.ChurnLabels;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.registry.JsonFiles;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.churn.registry.Promotion;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train}: both evaluations, the champion candidate (the forward evaluation's best family by validation
 * AUC-PR, refitted on all forward training cut-offs), the promotion decision and the new registry version.
 */
public final class TrainService {

    private static final Logger LOG = LoggerFactory.getLogger(TrainService.class);
    public static final int METRICS_FORMAT = 1;

    private final Clock clock;

    public TrainService(Clock clock) {
        this.clock = clock;
    }

    public TrainResult train(LoadedEvents input, TrainSettings settings, ModelRegistry registry) {
        return train(() -> input, settings, registry);
    }

    /**
     * Takes the registry's lease first and only then loads the input: a run that another holds the lease against
     * exits {@code LOCKED} at once instead of after reading the whole lake.
     */
    public TrainResult train(Supplier<LoadedEvents> input, TrainSettings settings, ModelRegistry registry) {
        try (AutoCloseable lock = registry.lock()) {
            return trainLocked(input.get(), settings, registry);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the training lock: " + e.getMessage(), e);
        }
    }

    private TrainResult trainLocked(LoadedEvents input, TrainSettings s, ModelRegistry registry) {
        Instant started = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        Dataset<Row> events = input.userEvents();
        Dataset<Row> churnTimes = ChurnLabels.churnTimes(events).persist(StorageLevel.MEMORY_AND_DISK());

        ForwardEvaluation.Outcome forward = ForwardEvaluation.run(events, churnTimes, input.quality(), s);
        long tForward = System.nanoTime();
        EvaluationOutcome classic = s.classic() ? ClassicEvaluation.run(events, churnTimes, s) : null;
        long tClassic = System.nanoTime();

        ModelResult candidate = forward.evaluation().best();
        Promotion.Decision decision = Promotion.decide(registry, forward.testRows(), candidate.testScores(), s.promotion());
        churnTimes.unpersist();
        double seconds = (System.nanoTime() - t0) / 1e9;

        String version = registry.newVersion(clock.instant());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("format_version", METRICS_FORMAT);
        metrics.put("version", version);
        metrics.put("created_at", started.toString());
        metrics.put("training_seconds", seconds);
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("forward_seconds", (tForward - t0) / 1e9);
        timings.put("classic_seconds", (tClassic - tForward) / 1e9);
        metrics.put("timings", timings);
        metrics.put("input", input.quality().toMap());
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("first_event", input.quality().toMap().get("first_event"));
        window.put("last_event", input.quality().toMap().get("last_event"));
        metrics.put("data_window", window);
        metrics.put("features", s.features());
        metrics.put("parameters", s.toMap());
        Map<String, Object> cand = new LinkedHashMap<>();
        cand.put("model", candidate.kind().id());
        cand.put("name", candidate.kind().displayName());
        cand.put("evaluation", "forward");
        cand.put("selected_by", candidate.selectionMetric());
        cand.put("selection_value", candidate.selectionValue());
        cand.put("params_selected_by", candidate.selectionMetric());
        cand.put("params", candidate.params());
        cand.put("flag_share", candidate.flagShare().share());
        cand.put("threshold", candidate.metrics().get("threshold"));
        cand.put("train_base_rate", forward.evaluation().facts().get("train_base_rate"));
        cand.put("test_base_rate", candidate.metrics().get("base_rate"));
        cand.put("auc_pr", candidate.metrics().get("auc_pr"));
        cand.put("auc_roc", candidate.metrics().get("auc_roc"));
        cand.put("pooled", candidate.pooled());
        metrics.put("champion_candidate", cand);
        Map<String, Object> evals = new LinkedHashMap<>();
        evals.put("forward", forward.evaluation().toMap());
        if (classic != null) {
            evals.put("classic", classic.toMap());
        }
        metrics.put("evaluations", evals);
        metrics.put("promotion", decision.toMap());

        registry.saveModel(version, candidate.model());
        registry.writeFile(version, ModelRegistry.IMPORTANCES_FILE, JsonFiles.pretty(Map.of(
                "model", candidate.kind().id(), "importances", candidate.importances())));
        registry.writeFile(version, ModelRegistry.METRICS_FILE, JsonFiles.pretty(metrics));
        if (decision.promoted()) {
            registry.setChampion(version);
        }
        String champion = registry.champion().orElse(null);
        LOG.info("registered {} ({}): {}", version, decision.outcome(), decision.reason());
        return new TrainResult(version, decision, champion, metrics, forward.evaluation(), classic);
    }
}
