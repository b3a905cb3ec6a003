package io.sparkify.churn.train;

import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.TestScores;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The champion candidate among the families, by the one-standard-error rule (Breiman et al. 1984; Hastie,
 * Tibshirani and Friedman, 7.10): the simplest family ({@link io.sparkify.churn.model.ModelKind#complexity}) whose
 * validation AUC-PR is within one standard error of the best family's. The standard error is that of the paired
 * difference (same validation rows, users resampled). Why: with a few dozen churners in validation, the best
 * validation score is mostly the luckiest one; a tree ensemble that led the one-line rule by less than its noise
 * ranked test users worse than the rule (docs/churn.md), so a more complex family has to earn its place.
 *
 * @param chosen the champion candidate
 * @param best the family with the best validation AUC-PR
 * @param compared for each family simpler than {@code best} that was compared with it, in the order compared:
 *        {@code auc_pr_difference} (best minus it), {@code standard_error}, {@code within_one_se}
 */
public record FamilySelection(ModelResult chosen, ModelResult best, Map<String, Map<String, Object>> compared) {

    public static final String RULE = "the simplest family (rate < lr < rf < gbt) whose validation AUC-PR is within "
            + "one standard error of the best family's (paired bootstrap over users on the same validation rows)";

    public static FamilySelection choose(List<ModelResult> results) {
        ModelResult best = results.stream().max(Comparator.comparingDouble(ModelResult::selectionValue)).orElseThrow();
        Map<String, Map<String, Object>> compared = new LinkedHashMap<>();
        List<ModelResult> simpler = results.stream().filter(r -> r.kind().complexity() < best.kind().complexity())
                .sorted(Comparator.comparingInt(r -> r.kind().complexity())).toList();
        TestScores reference = best.validationScores();
        for (ModelResult r : simpler) {
            double difference = best.selectionValue() - r.selectionValue();
            double se = reference.pairedStandardError(r.validationScores().alignedTo(reference),
                    (a, b) -> BinaryMetrics.aucPr(a) - BinaryMetrics.aucPr(b));
            boolean within = difference <= se;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("auc_pr_difference", difference);
            m.put("standard_error", se);
            m.put("within_one_se", within);
            compared.put(r.kind().id(), m);
            if (within) {
                return new FamilySelection(r, best, compared);
            }
        }
        return new FamilySelection(best, best, compared);
    }

    /** Why the candidate is the one it is, for the train command's summary. */
    public String reason() {
        if (chosen == best) {
            return String.format(Locale.ROOT, "best forward validation AUC-PR %.3f", best.selectionValue());
        }
        Map<String, Object> c = compared.get(chosen.kind().id());
        return String.format(Locale.ROOT, "forward validation AUC-PR %.3f, within one standard error (%.3f) of %s's "
                        + "%.3f: the simpler family", chosen.selectionValue(), (double) c.get("standard_error"),
                best.kind().displayName(), best.selectionValue());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", RULE);
        m.put("best_on_validation", best.kind().id());
        m.put("chosen", chosen.kind().id());
        m.put("compared", compared);
        m.put("reason", reason());
        return m;
    }
}
