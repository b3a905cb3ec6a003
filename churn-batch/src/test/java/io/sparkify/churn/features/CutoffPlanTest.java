package io.sparkify.churn.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rolling-origin plan: no test row's horizon is seen in training or validation. */
class CutoffPlanTest {

    private static final long DAY = ChurnDefinition.DAY_MS;

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** Every training row's label is known at its test cut-off; no validation horizon reaches the first test. */
    private static void assertNoLook(CutoffPlan p) {
        long h = p.horizonMs();
        long firstTest = p.tests().get(0);
        for (long v : p.validations()) {
            assertTrue(v + h <= firstTest, "validation " + v + " horizon ends by the first test cut-off");
            assertTrue(p.train().contains(v));
        }
        for (long c : p.tuneFit()) {
            assertTrue(c + h <= p.validations().get(0), "tuning rows' labels known at every validation cut-off");
        }
        assertFalse(p.tuneFit().isEmpty());
        for (long t : p.tests()) {
            assertFalse(p.trainFor(t).isEmpty());
            for (long c : p.trainFor(t)) {
                assertTrue(c + h <= t, "training label known at the test cut-off");
            }
            assertEquals(0, t % DAY, "midnight");
        }
        assertTrue(p.all().containsAll(p.tests()) && p.all().containsAll(p.train()));
    }

    @Test
    void aLongLogGetsFourWeeklyTestCutoffsAndThreeValidationCutoffs() {
        CutoffPlan p = CutoffPlan.plan(ms("2018-07-01T05:00:00Z"), ms("2018-12-01T23:00:00Z"), 14, 3, 7, 4, 3);
        assertEquals(List.of(ms("2018-10-27T00:00:00Z"), ms("2018-11-03T00:00:00Z"), ms("2018-11-10T00:00:00Z"),
                ms("2018-11-17T00:00:00Z")), p.tests());
        assertTrue(p.test() + p.horizonMs() <= ms("2018-12-01T23:00:00Z") + 1, "the last horizon is inside the data");
        assertEquals(3, p.validations().size());
        assertEquals(ms("2018-10-13T00:00:00Z"), p.validation(), "the latest validation horizon ends at the first test");
        assertNoLook(p);
    }

    /** Two months of data (the samples): fewer test cut-offs rather than a validation horizon inside a test one. */
    @Test
    void aShortLogDropsTheEarliestTestCutoffsInsteadOfOverlapping() {
        CutoffPlan p = CutoffPlan.plan(ms("2018-10-01T00:02:00Z"), ms("2018-12-03T01:11:00Z"), 14, 3, 7, 4, 3);
        assertEquals(4, p.requestedTests());
        assertTrue(p.tests().size() < 4 && !p.tests().isEmpty(), "tests " + p.tests());
        assertEquals(ms("2018-11-19T00:00:00Z"), p.test());
        assertNoLook(p);
    }

    @Test
    void tooShortForAnyValidationIsAUsageError() {
        assertThrows(IllegalArgumentException.class,
                () -> CutoffPlan.plan(ms("2018-10-01T00:00:00Z"), ms("2018-10-30T00:00:00Z"), 14, 3, 7, 4, 3));
    }
}
