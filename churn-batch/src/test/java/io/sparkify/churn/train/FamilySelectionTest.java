package io.sparkify.churn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.churn.model.BinaryMetrics;
import io.sparkify.churn.model.FlagShare;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.model.Scores;
import io.sparkify.churn.model.TestScores;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FamilySelectionTest {

    private static final int ROWS = 400;
    /** Every 10th user churns: 40 positives, about a validation cut-off's worth. */
    private static final double[] LABELS = new double[ROWS];

    static {
        for (int i = 0; i < ROWS; i++) {
            LABELS[i] = i % 10 == 0 ? 1 : 0;
        }
    }

    /** Scores that rank churners higher by {@code signal} (in noise standard deviations), seeded. */
    private static double[] scores(double signal, long seed) {
        Random r = new Random(seed);
        double[] s = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            s[i] = r.nextGaussian() + signal * LABELS[i];
        }
        return s;
    }

    /** A family's validation outcome on the shared rows, given in a row order of its own (reversed). */
    private static ModelResult family(ModelKind kind, double[] s) {
        String[] users = new String[ROWS];
        long[] cutoffs = new long[ROWS];
        double[] rs = new double[ROWS];
        double[] rl = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            int j = ROWS - 1 - i;
            users[i] = "u" + j;
            rs[i] = s[j];
            rl[i] = LABELS[j];
        }
        TestScores v = new TestScores(users, cutoffs, new Scores(rs, rl));
        return new ModelResult(kind, Map.of(), "validation_auc_pr", BinaryMetrics.aucPr(v.scores()), new FlagShare(0.1),
                "test", Map.of(), List.of(), null, 0, null, null, null, v);
    }

    @Test
    void aComplexFamilyLeadingTheRuleByLessThanItsStandardErrorLosesToTheRule() {
        // Two scorings as good as each other (the same signal, their own noise): the first seed on which the
        // forest happens to lead, as a tree ensemble does on a validation cut-off by luck.
        ModelResult rate = family(ModelKind.RATE, scores(1.0, 1));
        ModelResult rf = null;
        for (long seed = 2; rf == null || rf.selectionValue() <= rate.selectionValue(); seed++) {
            rf = family(ModelKind.RF, scores(1.0, seed));
        }

        FamilySelection s = FamilySelection.choose(List.of(rf, rate));

        assertEquals(ModelKind.RATE, s.chosen().kind());
        assertEquals(ModelKind.RF, s.best().kind());
        Map<String, Object> c = s.compared().get("rate");
        assertEquals(rf.selectionValue() - rate.selectionValue(), (double) c.get("auc_pr_difference"), 1e-12);
        assertTrue((double) c.get("standard_error") >= (double) c.get("auc_pr_difference"), c.toString());
        assertEquals(true, c.get("within_one_se"));
        assertEquals("rate", s.toMap().get("chosen"));
        assertEquals("rf", s.toMap().get("best_on_validation"));
    }

    @Test
    void aFamilyFarAheadOfTheSimplerOnesIsChosen() {
        ModelResult rf = family(ModelKind.RF, scores(3.0, 2));
        ModelResult lr = family(ModelKind.LR, scores(0.5, 3));
        ModelResult rate = family(ModelKind.RATE, scores(0.0, 4));

        FamilySelection s = FamilySelection.choose(List.of(lr, rf, rate));

        assertEquals(ModelKind.RF, s.chosen().kind());
        // Compared from the simplest up; neither came within a standard error.
        assertEquals(List.of("rate", "lr"), List.copyOf(s.compared().keySet()));
        assertFalse((boolean) s.compared().get("rate").get("within_one_se"));
        assertFalse((boolean) s.compared().get("lr").get("within_one_se"));
        assertTrue(s.reason().startsWith("best forward validation AUC-PR"), s.reason());
    }

    @Test
    void theSimplestFamilyWithinOneStandardErrorWinsNotTheFirstListed() {
        double[] strong = scores(3.0, 5);
        double[] close = strong.clone();
        close[0] -= 0.3;
        ModelResult rf = family(ModelKind.RF, strong);
        ModelResult lr = family(ModelKind.LR, close);
        ModelResult rate = family(ModelKind.RATE, scores(0.0, 6));

        FamilySelection s = FamilySelection.choose(List.of(rf, lr, rate));

        assertEquals(ModelKind.LR, s.chosen().kind());
        assertFalse((boolean) s.compared().get("rate").get("within_one_se"));
        assertTrue(s.reason().contains("within one standard error"), s.reason());
    }

    @Test
    void theBestFamilyBeingTheSimplestNeedsNoComparison() {
        ModelResult rate = family(ModelKind.RATE, scores(2.0, 7));
        ModelResult rf = family(ModelKind.RF, scores(0.2, 8));

        FamilySelection s = FamilySelection.choose(List.of(rf, rate));

        assertEquals(ModelKind.RATE, s.chosen().kind());
        assertTrue(s.compared().isEmpty());
    }
}
