package io.sparkify.churn.registry;

import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.FeatureImportances;
import io.sparkify.churn.model.Scores;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The promotion rule: the challenger becomes champion when there is no champion, or when
 * {@code challenger AUC-PR - champion AUC-PR >= minGain} with both measured on the challenger's forward test
 * rows (the champion is re-scored on them, so both face the same users and window).
 */
public final class Promotion {

    /**
     * @param promoted whether the challenger becomes champion
     * @param previousChampion the champion before this run, if any
     * @param championAucPr the previous champion's AUC-PR on the same test rows (null when none or not comparable)
     * @param challengerAucPr the challenger's forward test AUC-PR
     * @param minGain the rule's tolerance
     * @param reason one sentence a user reads
     */
    public record Decision(boolean promoted, String previousChampion, Double championAucPr, double challengerAucPr,
                           double minGain, String reason) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("promoted", promoted);
            m.put("previous_champion", previousChampion);
            m.put("previous_champion_auc_pr_same_window", championAucPr);
            m.put("challenger_auc_pr", challengerAucPr);
            m.put("min_gain", minGain);
            m.put("rule", "promote when challenger_auc_pr - previous_champion_auc_pr_same_window >= min_gain");
            m.put("reason", reason);
            return m;
        }
    }

    private Promotion() {
    }

    public static Decision decide(ModelRegistry registry, Dataset<Row> testRows, double challengerAucPr, double minGain) {
        Optional<String> champion = registry.champion();
        if (champion.isEmpty()) {
            return new Decision(true, null, null, challengerAucPr, minGain, "no champion yet: the first model becomes champion");
        }
        String v = champion.get();
        PipelineModel model;
        try {
            model = registry.loadModel(v);
        } catch (RuntimeException e) {
            return new Decision(true, v, null, challengerAucPr, minGain,
                    "the champion " + v + " cannot be loaded (" + e.getMessage() + "): replaced");
        }
        Set<String> columns = new HashSet<>(Arrays.asList(testRows.columns()));
        if (!columns.containsAll(FeatureImportances.featureColumns(model))) {
            return new Decision(true, v, null, challengerAucPr, minGain,
                    "the champion " + v + " uses features this version no longer computes: replaced");
        }
        double champ = BinaryMetrics.aucPr(Scores.collect(model.transform(testRows)));
        double gain = challengerAucPr - champ;
        boolean promoted = gain >= minGain;
        String reason = String.format("forward AUC-PR on the same test window: challenger %.4f vs champion %s %.4f "
                        + "(gain %+.4f, required >= %+.4f): %s", challengerAucPr, v, champ, gain, minGain,
                promoted ? "promoted" : "not promoted, kept as a rejected challenger");
        return new Decision(promoted, v, champ, challengerAucPr, minGain, reason);
    }
}
