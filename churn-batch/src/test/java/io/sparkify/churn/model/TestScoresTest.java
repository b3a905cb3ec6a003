package io.sparkify.churn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pooled rolling-origin figures on hand-made rows. */
class TestScoresTest {

    /** 40 users at two cut-offs; user i churns at cut-off 2 iff i % 10 == 0; the score ranks them perfectly or not. */
    private static TestScores rows(boolean perfect) {
        int n = 80;
        String[] users = new String[n];
        long[] cutoffs = new long[n];
        double[] s = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            users[i] = "u" + (i % 40);
            cutoffs[i] = i < 40 ? 1L : 2L;
            l[i] = i >= 40 && i % 10 == 0 ? 1 : 0;
            s[i] = perfect ? l[i] + 0.0001 * i : (i * 37 % 80) / 80.0;
        }
        return new TestScores(users, cutoffs, new Scores(s, l));
    }

    @Test
    void aPerfectRankingHasAUnitAreaAndAUnitInterval() {
        Map<String, Object> p = rows(true).pooled(new FlagShare(0.05));
        assertEquals(80L, p.get("rows"));
        assertEquals(4L, p.get("positives"));
        assertEquals(1.0, (Double) p.get("auc_roc"), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, (double[]) p.get("auc_roc_ci"), 1e-12);
        // Top 10% of each cut-off: 4 users each; cut-off 2's are its 4 churners, cut-off 1 has none: precision 4/8.
        assertEquals(0.5, (Double) p.get("precision_top10"), 1e-12);
        assertEquals(0.5 / 0.05, (Double) p.get("lift_top10"), 1e-12);
        // 5% of 40 = 2 flagged per cut-off: 2 churners of 4 flagged.
        assertEquals(0.5, (Double) p.get("precision_flagged"), 1e-12);
    }

    @Test
    void theIntervalIsReproducibleAndHoldsANoisyArea() {
        TestScores t = rows(false);
        double[] a = t.interval(BinaryMetrics::aucRoc);
        assertArrayEquals(a, t.interval(BinaryMetrics::aucRoc), "seeded");
        double auc = BinaryMetrics.aucRoc(t.scores());
        assertTrue(a[0] < auc && auc < a[1], auc + " in " + a[0] + ".." + a[1]);
        assertTrue(a[1] - a[0] > 0.1, "four churners: a wide interval");
    }

    /** The paired difference of a scoring with itself is exactly zero on every resample. */
    @Test
    void aPairedDifferenceWithItselfIsZero() {
        TestScores t = rows(false);
        assertArrayEquals(new double[] {0, 0}, t.pairedInterval(t,
                (x, y) -> BinaryMetrics.aucPr(x) - BinaryMetrics.aucPr(y)), 1e-12);
    }

    @Test
    void theStandardErrorOfAPairedDifferenceIsZeroWithItselfAndPositiveAgainstAnotherScoring() {
        TestScores t = rows(false);
        TestScores perfect = rows(true);
        assertEquals(0, t.pairedStandardError(t, (x, y) -> BinaryMetrics.aucPr(x) - BinaryMetrics.aucPr(y)), 1e-12);
        double se = perfect.pairedStandardError(t, (x, y) -> BinaryMetrics.aucPr(x) - BinaryMetrics.aucPr(y));
        double[] ci = perfect.pairedInterval(t, (x, y) -> BinaryMetrics.aucPr(x) - BinaryMetrics.aucPr(y));
        // Four churners: a noisy difference, whose 95% interval spans roughly four standard errors.
        assertTrue(se > 0.01 && ci[1] - ci[0] > 2 * se && ci[1] - ci[0] < 6 * se, se + " against " + ci[0] + ".." + ci[1]);
    }

    @Test
    void aScoringAlignedToAnotherOrderFollowsItsRowsAndRefusesOtherRows() {
        TestScores t = rows(false);
        int n = t.size();
        String[] users = new String[n];
        long[] cutoffs = new long[n];
        double[] s = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            int j = n - 1 - i;
            users[i] = t.users()[j];
            cutoffs[i] = t.cutoffs()[j];
            s[i] = t.scores().score(j);
            l[i] = t.scores().label(j);
        }
        TestScores reversed = new TestScores(users, cutoffs, new Scores(s, l));

        TestScores aligned = reversed.alignedTo(t);
        for (int i = 0; i < n; i++) {
            assertEquals(t.scores().score(i), aligned.scores().score(i), 0);
            assertEquals(t.users()[i], aligned.users()[i]);
        }
        cutoffs[0] = 99L;
        TestScores other = new TestScores(users, cutoffs, new Scores(s, l));
        assertThrows(IllegalStateException.class, () -> other.alignedTo(t));
    }
}
