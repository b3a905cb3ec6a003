package io.sparkify.churn.cli;

import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.model.Grid;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.registry.JsonFiles;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.churn.registry.Promotion;
import io.sparkify.churn.registry.PromotionPolicy;
import io.sparkify.churn.train.EvaluationOutcome;
import io.sparkify.churn.train.ModelResult;
import io.sparkify.churn.train.TrainResult;
import io.sparkify.churn.train.TrainService;
import io.sparkify.churn.train.TrainSettings;
import io.sparkify.cli.DurationConverter;
import io.sparkify.cli.ExitCodes;
import io.sparkify.error.InvalidInputException;
import io.sparkify.lake.AsOf;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify train}: features, both evaluations, registration and promotion. */
@Command(name = "train",
        description = {"Build per-user features, train and evaluate the model families of --model-types (forward "
                + "point-in-time evaluation on rolling cut-offs; the classic cross-validation with --classic), register "
                + "the family chosen on validation as a new version and promote it to champion if its forward AUC-PR "
                + "on the test cut-offs is good enough.",
                "Exit codes: 0 promoted, 5 trained but not promoted (kept as a rejected challenger), "
                        + "6 not promoted because the current champion cannot be loaded or re-scored (see --force), "
                        + "2 bad input or usage, 4 another training run holds the registry lock, 1 failure."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SparkOptions spark;

    @Option(names = "--input", paramLabel = "URI",
            description = "A lake root (with events/), a parquet directory (<lake>/events) or a JSON log (.json, .json.gz); "
                    + "any Hadoop URI. Default: ${DEFAULT-VALUE} (conf train.input, else the lake, lake.uri), so that "
                    + "scheduled retraining reads what the ingest wrote.")
    String input;

    @Option(names = "--models", paramLabel = "URI",
            description = "Model registry, any Hadoop URI. Default: ${DEFAULT-VALUE} (conf models.uri).")
    String models;

    @Option(names = "--lease-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The registry's training lease: renewed while this run trains; a run that died holding it "
                    + "is taken over once its last renewal is this old. Default: ${DEFAULT-VALUE} (conf registry.lease.timeout).")
    Duration leaseTimeout = ModelRegistry.DEFAULT_LEASE_TIMEOUT;

    @Option(names = "--horizon-days", paramLabel = "DAYS",
            description = "Forward evaluation: churn within this many days after a cut-off. Default: ${DEFAULT-VALUE}.")
    int horizonDays = TrainSettings.DEFAULT_HORIZON_DAYS;

    @Option(names = "--cutoff-step-days", paramLabel = "DAYS", description = "Days between forward training cut-offs. Default: ${DEFAULT-VALUE}.")
    int cutoffStepDays = TrainSettings.defaults().cutoffStepDays();

    @Option(names = "--test-cutoffs", paramLabel = "K",
            description = "Forward evaluation: test on the last K weekly cut-offs (rolling origin, each scored by a model "
                    + "fitted on the cut-offs before it); fewer when the data is too short. Default: ${DEFAULT-VALUE}.")
    int testCutoffs = TrainSettings.DEFAULT_TEST_CUTOFFS;

    @Option(names = "--validation-cutoffs", paramLabel = "N",
            description = "Forward evaluation: up to N validation cut-offs (before every test horizon), each scored by a "
                    + "model fitted on the cut-offs before it, that choose the parameters and the family (the simplest "
                    + "within one standard error of the best); fewer when the data is too short. Default: ${DEFAULT-VALUE}.")
    int validationCutoffs = TrainSettings.DEFAULT_VALIDATION_CUTOFFS;

    // --min-gain is the name the churn issue gave this flag (scripts use it); --tolerance says what it is.
    @Option(names = {"--min-gain", "--tolerance"}, paramLabel = "X",
            description = "Promotion tolerance: the new model becomes champion iff its forward AUC-PR >= the "
                    + "champion's (re-scored on the same test rows) - X. 0 = not worse (default), 0.01 = at most "
                    + "0.01 worse, a negative X demands an improvement of at least |X|.")
    Double tolerance;

    @Option(names = "--force",
            description = "Promote even when the current champion cannot be loaded or re-scored (no comparison); "
                    + "without it such a run is registered as rejected and exits 6.")
    boolean force;

    @Option(names = "--model-types", split = ",", paramLabel = "LIST",
            description = "Model families to train: lr, rf, gbt, rate (the activity-rate rule as a model). Default: "
                    + "${DEFAULT-VALUE} (conf train.model.types; gbt is never chosen on validation here, docs/churn.md).")
    List<String> modelTypes = ModelKind.defaults().stream().map(ModelKind::id).toList();

    @Option(names = "--folds", paramLabel = "K", description = "Classic evaluation: cross-validation folds. Default: ${DEFAULT-VALUE}.")
    int folds = TrainSettings.defaults().folds();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of splits, folds and models. Default: ${DEFAULT-VALUE}.")
    long seed = TrainSettings.defaults().seed();

    @Option(names = "--grid", paramLabel = "full|quick",
            description = "Hyper-parameter search: full (the default: small grids, 150 trees, 30 boosting rounds) or quick (one setting each, fewer trees; smoke runs). Conf train.grid.")
    Grid grid = Grid.FULL;

    @Option(names = "--min-separation", paramLabel = "X",
            description = "Forward evaluation: use only features whose univariate AUC-ROC on the training rows is at least X away from 0.5 (0 keeps all). Default: ${DEFAULT-VALUE}.")
    double minSeparation = TrainSettings.defaults().minSeparation();

    @Option(names = "--features", split = ",", paramLabel = "LIST",
            description = "Feature columns to use (ablations; see docs/churn.md for the list and the groups). Default: the base group (ChurnFeatures.defaults()).")
    List<String> features;

    @Option(names = "--classic",
            description = "Also run the classic evaluation (whole histories, cross-validation; reported, never decides "
                    + "anything). Off by default; conf train.classic.")
    boolean classic;

    // The default before the classic evaluation became opt-in; still accepted so that scripts keep working.
    @Option(names = "--skip-classic", hidden = true, description = "No-op: the classic evaluation is off unless --classic.")
    boolean skipClassic;

    @Option(names = "--json", description = "Print a one-object JSON summary (version, promoted, champion, metrics).")
    boolean json;

    @Option(names = "--as-of-version", paramLabel = "N", description = "Train on version N of the lake's events table "
            + "(Delta time travel), e.g. the input.table_version of an earlier model's metrics.json to reproduce it. "
            + "Default: the latest version (recorded as input.table_version).")
    Long asOfVersion;

    @Option(names = "--as-of-timestamp", paramLabel = "TIME", description = "Train on the lake's events as they were "
            + "at TIME (ISO-8601, e.g. 2026-12-01T08:00:00Z, or a date: its start in UTC).")
    String asOfTimestamp;

    @Override
    public Integer call() {
        TrainSettings defaults = TrainSettings.defaults();
        TrainSettings settings;
        try {
            double tol = tolerance != null ? tolerance : defaults.promotion().tolerance();
            settings = defaults.toBuilder()
                    .models(modelTypes.stream().map(ModelKind::forId).distinct().toList())
                    .grid(grid).folds(folds).seed(seed).horizonDays(horizonDays).cutoffStepDays(cutoffStepDays)
                    .classic(classic && !skipClassic).promotion(new PromotionPolicy(tol, force))
                    .features(features == null ? defaults.features() : features).minSeparation(minSeparation)
                    .testCutoffs(testCutoffs).validationCutoffs(validationCutoffs)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        if (input == null || input.isBlank()) {
            throw new InvalidInputException("no input: give --input, or set train.input or lake.uri in the conf");
        }
        SparkSession session = spark.session("train");
        ModelRegistry registry = new ModelRegistry(models, session.sparkContext().hadoopConfiguration())
                .withLeaseTimeout(leaseTimeout);
        AsOf asOf;
        try {
            asOf = AsOf.parse(asOfVersion, asOfTimestamp);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        TrainResult result;
        try {
            result = new TrainService(Clock.systemUTC()).train(() -> {
                LoadedEvents events = EventSource.load(session, input, asOf);
                err.println("input: " + events.quality().describe());
                err.flush();
                return events;
            }, settings, registry);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? JsonFiles.compact(result.summary()) : text(result, registry));
        out.flush();
        return exitCode(result.decision().outcome());
    }

    /** 0 promoted, 5 kept as a rejected challenger, 6 not promoted because the champion is unusable. */
    static int exitCode(Promotion.Outcome outcome) {
        return switch (outcome) {
            case FIRST_CHAMPION, PROMOTED, FORCED -> ExitCodes.OK;
            case REJECTED -> ExitCodes.NOT_PROMOTED;
            case CHAMPION_UNUSABLE -> ExitCodes.CHAMPION_UNUSABLE;
        };
    }

    @SuppressWarnings("unchecked")
    static String text(TrainResult r, ModelRegistry registry) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("version %s registered in %s (%.0f s)%n", r.version(), registry.root(),
                ((Number) r.metrics().get("training_seconds")).doubleValue()));
        table(b, r.forward());
        if (r.classic() != null) {
            table(b, r.classic());
        }
        pooled(b, r.forward());
        Map<String, Object> selection = (Map<String, Object>) r.forward().facts().get("family_selection");
        b.append(String.format("candidate: %s (%s)%n", r.forward().best().kind().displayName(), selection.get("reason")));
        b.append(r.decision().promoted() ? "PROMOTED: " : "NOT PROMOTED: ").append(r.decision().reason()).append('\n');
        b.append("champion: ").append(r.champion());
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void table(StringBuilder b, EvaluationOutcome e) {
        Map<String, Object> rows = (Map<String, Object>) e.facts().get("rows");
        b.append(String.format("%n%s evaluation: %s test rows, %s churners%s%n", e.name(), rows.get("test"),
                rows.get("test_positives"), e.name().equals("forward")
                        ? " (test cut-off " + ((Map<String, Object>) e.facts().get("cutoffs")).get("test") + ")" : ""));
        b.append(String.format("  %-20s %7s %7s %7s %7s %7s %7s %7s %7s%n", "model", "AUC-ROC", "AUC-PR", "base",
                "prec", "recall", "F1", "wF1", "acc"));
        for (ModelResult m : e.models()) {
            row(b, m.kind().displayName(), m.metrics());
        }
        row(b, "baseline (base rate)", (Map<String, Object>) e.baseline().get("metrics"));
    }

    /** The rolling-origin figures: pooled over every test cut-off, with bootstrap intervals, beside the baselines. */
    @SuppressWarnings("unchecked")
    private static void pooled(StringBuilder b, EvaluationOutcome e) {
        b.append(String.format("%nforward, pooled over test cut-offs %s (95%% intervals resample users):%n",
                e.facts().get("test_cutoffs")));
        for (ModelResult m : e.models()) {
            pooledRow(b, m.kind().displayName(), m.pooled());
        }
        Map<String, Object> baselines = (Map<String, Object>) e.facts().get("baselines");
        for (String name : List.of("activity_rate", "base_rate")) {
            pooledRow(b, name, (Map<String, Object>) ((Map<String, Object>) baselines.get(name)).get("pooled"));
        }
    }

    private static void pooledRow(StringBuilder b, String name, Map<String, Object> p) {
        double[] roc = (double[]) p.get("auc_roc_ci");
        double[] pr = (double[]) p.get("auc_pr_ci");
        b.append(String.format(java.util.Locale.ROOT, "  %-20s AUC-ROC %.3f [%.3f, %.3f]  AUC-PR %.3f [%.3f, %.3f]  "
                        + "lift top 10%% %.2f  (%s rows, %s churn)%n", name, d(p, "auc_roc"), roc[0], roc[1],
                d(p, "auc_pr"), pr[0], pr[1], d(p, "lift_top10"), p.get("rows"), p.get("positives")));
    }

    private static void row(StringBuilder b, String name, Map<String, Object> m) {
        b.append(String.format("  %-20s %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f%n", name, d(m, "auc_roc"),
                d(m, "auc_pr"), d(m, "base_rate"), d(m, "precision"), d(m, "recall"), d(m, "f1"), d(m, "weighted_f1"),
                d(m, "accuracy")));
    }

    private static double d(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
