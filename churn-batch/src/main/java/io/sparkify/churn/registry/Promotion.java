package io.sparkify.churn.registry;

import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.FeatureImportances;
import io.sparkify.churn.model.Scores;
import io.sparkify.cli.ExitCodes;
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
 * The champion/challenger rule: the current champion is loaded and re-scored on the challenger's forward test
 * rows, so both face the same users and window, and the challenger is promoted iff
 * {@code challenger AUC-PR >= champion AUC-PR - tolerance} ({@link PromotionPolicy}). Without a champion the
 * challenger is promoted. A champion that cannot be loaded or re-scored is never silently replaced: the run is
 * refused ({@link Outcome#CHAMPION_UNUSABLE}) unless the policy forces it.
 */
public final class Promotion {

    /** What happened, and the train command's exit code for it. */
    public enum Outcome {
        /** There was no champion: the challenger is the first. */
        FIRST_CHAMPION(true, ExitCodes.OK),
        /** Compared on the same test rows and good enough. */
        PROMOTED(true, ExitCodes.OK),
        /** Compared on the same test rows and worse than the tolerance allows: kept as a rejected challenger. */
        REJECTED(false, ExitCodes.NOT_PROMOTED),
        /** The champion could not be loaded or re-scored, so no comparison: not promoted. */
        CHAMPION_UNUSABLE(false, 6),
        /** The champion could not be loaded or re-scored and {@code --force} promoted the challenger anyway. */
        FORCED(true, ExitCodes.OK);

        private final boolean promoted;
        private final int exitCode;

        Outcome(boolean promoted, int exitCode) {
            this.promoted = promoted;
            this.exitCode = exitCode;
        }

        public boolean promoted() {
            return promoted;
        }

        public int exitCode() {
            return exitCode;
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
     */
    public record Decision(Outcome outcome, String previousChampion, Double championAucPr, double challengerAucPr,
                           Long comparedRows, PromotionPolicy policy, String reason) {

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
            m.put("rule", "promote iff challenger_auc_pr >= previous_champion_auc_pr_same_window - tolerance");
            m.put("reason", reason);
            return m;
        }
    }

    private Promotion() {
    }

    public static Decision decide(ModelRegistry registry, Dataset<Row> testRows, double challengerAucPr,
                                  PromotionPolicy policy) {
        Optional<String> champion = registry.champion();
        if (champion.isEmpty()) {
            return new Decision(Outcome.FIRST_CHAMPION, null, null, challengerAucPr, null, policy,
                    "no champion yet: the first model becomes champion");
        }
        String v = champion.get();
        Scores championScores;
        try {
            championScores = rescore(registry.loadModel(v), testRows);
        } catch (Exception e) {
            // Any failure: MLlib's readers also throw checked exceptions (a corrupt metadata file is a JSON error).
            String why = "the champion " + v + " cannot be re-scored on this run's test rows (" + e.getMessage() + ")";
            return policy.force()
                    ? new Decision(Outcome.FORCED, v, null, challengerAucPr, null, policy,
                            why + ": promoted without comparison because of --force")
                    : new Decision(Outcome.CHAMPION_UNUSABLE, v, null, challengerAucPr, null, policy,
                            why + ": not promoted; fix or remove the champion, or train with --force to replace it "
                                    + "without comparison");
        }
        double champ = BinaryMetrics.aucPr(championScores);
        boolean promoted = policy.promotes(challengerAucPr, champ);
        String reason = String.format(java.util.Locale.ROOT, "forward AUC-PR on the same %d test rows: challenger %.4f vs "
                        + "champion %s %.4f (promoted iff challenger >= champion - tolerance %.4f): %s",
                championScores.size(), challengerAucPr, v, champ, policy.tolerance(),
                promoted ? "promoted" : "not promoted, kept as a rejected challenger");
        return new Decision(promoted ? Outcome.PROMOTED : Outcome.REJECTED, v, champ, challengerAucPr,
                (long) championScores.size(), policy, reason);
    }

    /** The champion's scores on the rows; fails when it reads a column those rows lack. */
    private static Scores rescore(PipelineModel model, Dataset<Row> rows) {
        Set<String> columns = new HashSet<>(Arrays.asList(rows.columns()));
        List<String> missing = FeatureImportances.featureColumns(model).stream().filter(f -> !columns.contains(f)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("it uses features this version no longer computes: " + missing);
        }
        return Scores.collect(model.transform(rows));
    }
}
