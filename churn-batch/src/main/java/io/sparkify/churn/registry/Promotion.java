package io.sparkify.churn.registry;

import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.FeatureImportances;
import io.sparkify.churn.model.TestScores;
import io.sparkify.churn.train.ForwardEvaluation;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The champion/challenger rule: the current champion is loaded and re-scored on the challenger's pooled forward
 * test rows (every test cut-off), so both face the same users and windows, and the challenger is promoted iff
 * {@code challenger AUC-PR >= champion AUC-PR - tolerance} ({@link PromotionPolicy}). Without a champion the
 * challenger is promoted. A champion that cannot be loaded or re-scored is never silently replaced: the run is
 * refused ({@link Outcome#CHAMPION_UNUSABLE}) unless the policy forces it.
 */
public final class Promotion {

    /** What happened (the train command turns it into its exit code). */
    public enum Outcome {
        /** There was no champion: the challenger is the first. */
        FIRST_CHAMPION(true),
        /** Compared on the same test rows and good enough. */
        PROMOTED(true),
        /** Compared on the same test rows and worse than the tolerance allows: kept as a rejected challenger. */
        REJECTED(false),
        /** The champion could not be loaded or re-scored, so no comparison: not promoted. */
        CHAMPION_UNUSABLE(false),
        /** The champion could not be loaded or re-scored and {@code --force} promoted the challenger anyway. */
        FORCED(true);

        private final boolean promoted;

        Outcome(boolean promoted) {
            this.promoted = promoted;
        }

        public boolean promoted() {
            return promoted;
        }
    }

    /**
     * @param outcome what happened
     * @param previousChampion the champion before this run, if any
     * @param championAucPr the previous champion's AUC-PR on the same test rows (null when none or not comparable)
     * @param challengerAucPr the challenger's forward test AUC-PR
     * @param comparedRows the test rows both were scored on (null when there was no comparison)
     * @param policy the rule's tolerance and force flag
     * @param reason one sentence a user reads
     * @param comparison the paired comparison on the same pooled rows (null when there was none)
     */
    public record Decision(Outcome outcome, String previousChampion, Double championAucPr, double challengerAucPr,
                           Long comparedRows, PromotionPolicy policy, String reason, Map<String, Object> comparison) {

        public boolean promoted() {
            return outcome.promoted();
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("promoted", promoted());
            m.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
            m.put("previous_champion", previousChampion);
            m.put("previous_champion_auc_pr_same_window", championAucPr);
            m.put("challenger_auc_pr", challengerAucPr);
            m.put("compared_rows", comparedRows);
            m.put("tolerance", policy.tolerance());
            m.put("force", policy.force());
            m.put("rule", "promote iff challenger_auc_pr >= previous_champion_auc_pr_same_window - tolerance (pooled test rows)");
            m.put("reason", reason);
            // The paired bootstrap (users resampled) of challenger - champion on the same pooled rows.
            m.put("comparison", comparison);
            return m;
        }
    }

    private Promotion() {
    }

    /**
     * @param testRows the forward test rows of every test cut-off (the pooled rows)
     * @param challenger the challenger's scores of exactly those rows (each cut-off by the model fitted before it)
     */
    public static Decision decide(ModelRegistry registry, Dataset<Row> testRows, TestScores challenger,
                                  PromotionPolicy policy) {
        double challengerAucPr = BinaryMetrics.aucPr(challenger.scores());
        Optional<String> champion = registry.champion();
        if (champion.isEmpty()) {
            return new Decision(Outcome.FIRST_CHAMPION, null, null, challengerAucPr, null, policy,
                    "no champion yet: the first model becomes champion", null);
        }
        String v = champion.get();
        TestScores championScores;
        try {
            championScores = rescore(registry.loadModel(v), testRows).alignedTo(challenger);
        } catch (Exception e) {
            // Any failure: MLlib's readers also throw checked exceptions (a corrupt metadata file is a JSON error).
            String why = "the champion " + v + " cannot be re-scored on this run's test rows (" + e.getMessage() + ")";
            return policy.force()
                    ? new Decision(Outcome.FORCED, v, null, challengerAucPr, null, policy,
                            why + ": promoted without comparison because of --force", null)
                    : new Decision(Outcome.CHAMPION_UNUSABLE, v, null, challengerAucPr, null, policy,
                            why + ": not promoted; fix or remove the champion, or train with --force to replace it "
                                    + "without comparison", null);
        }
        double champ = BinaryMetrics.aucPr(championScores.scores());
        boolean promoted = policy.promotes(challengerAucPr, champ);
        Map<String, Object> comparison = new LinkedHashMap<>();
        comparison.put("rows", (long) challenger.size());
        comparison.put("positives", challenger.scores().positives());
        comparison.put("challenger_auc_pr", challengerAucPr);
        comparison.put("champion_auc_pr", champ);
        comparison.put("auc_pr_difference", challengerAucPr - champ);
        comparison.put("auc_pr_difference_ci", challenger.pairedInterval(championScores,
                (a, b) -> BinaryMetrics.aucPr(a) - BinaryMetrics.aucPr(b)));
        double chRoc = BinaryMetrics.aucRoc(challenger.scores());
        double cpRoc = BinaryMetrics.aucRoc(championScores.scores());
        comparison.put("challenger_auc_roc", chRoc);
        comparison.put("champion_auc_roc", cpRoc);
        comparison.put("auc_roc_difference", chRoc - cpRoc);
        comparison.put("auc_roc_difference_ci", challenger.pairedInterval(championScores,
                (a, b) -> BinaryMetrics.aucRoc(a) - BinaryMetrics.aucRoc(b)));
        double[] ci = (double[]) comparison.get("auc_pr_difference_ci");
        String reason = String.format(java.util.Locale.ROOT, "pooled forward AUC-PR on the same %d test rows: challenger "
                        + "%.4f vs champion %s %.4f (difference %+.4f, 95%% interval %+.4f..%+.4f; promoted iff "
                        + "challenger >= champion - tolerance %.4f): %s",
                championScores.size(), challengerAucPr, v, champ, challengerAucPr - champ, ci[0], ci[1],
                policy.tolerance(), promoted ? "promoted" : "not promoted, kept as a rejected challenger");
        return new Decision(promoted ? Outcome.PROMOTED : Outcome.REJECTED, v, champ, challengerAucPr,
                (long) championScores.size(), policy, reason, comparison);
    }

    /** The champion's scores on the rows; fails when it reads a column those rows lack. */
    private static TestScores rescore(PipelineModel model, Dataset<Row> rows) {
        Set<String> columns = new HashSet<>(Arrays.asList(rows.columns()));
        List<String> missing = FeatureImportances.featureColumns(model).stream().filter(f -> !columns.contains(f)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("it uses features this version no longer computes: " + missing);
        }
        return ForwardEvaluation.score(model, rows);
    }
}
