package io.sparkify.churn.features;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The point-in-time cut-offs of the forward evaluation, all at UTC midnight.
 *
 * <ul>
 *   <li>{@code tests}: the last K cut-offs a week apart (rolling origin), the latest one the last cut-off whose
 *       horizon {@code [test, test + horizon)} lies inside the data. Each is scored by a model fitted only on the
 *       training cut-offs whose horizon ends by it ({@link #trainFor});</li>
 *   <li>{@code train}: {@code lastTest - horizon}, then every {@code step} earlier while at least
 *       {@code minHistory} of data precede it;</li>
 *   <li>{@code validations}: the latest training cut-offs whose horizon ends by the first test cut-off (so no
 *       validation label lies in a test horizon) and that have at least one training cut-off whose horizon ends by
 *       them. Each is scored by a fit on the training cut-offs known at it ({@link #trainFor}), and the family and
 *       its parameters are chosen on them all (pooled). When
 *       the data is too short for that with K test cut-offs, the earliest test cut-offs are dropped
 *       ({@code tests.size() < requestedTests}) rather than letting validation see a test horizon.</li>
 * </ul>
 */
public record CutoffPlan(long horizonMs, List<Long> train, List<Long> tests, List<Long> validations, int requestedTests) {

    public static final int TEST_STEP_DAYS = 7;

    public CutoffPlan {
        train = List.copyOf(train);
        tests = List.copyOf(tests);
        validations = List.copyOf(validations);
    }

    /** One test cut-off, one validation cut-off (the previous plan's shape). */
    public static CutoffPlan plan(long firstEventMs, long lastEventMs, int horizonDays, int stepDays, int minHistoryDays) {
        return plan(firstEventMs, lastEventMs, horizonDays, stepDays, minHistoryDays, 1, 1);
    }

    public static CutoffPlan plan(long firstEventMs, long lastEventMs, int horizonDays, int stepDays, int minHistoryDays,
                                  int testCutoffs, int validationCutoffs) {
        if (horizonDays < 1 || stepDays < 1 || minHistoryDays < 1 || testCutoffs < 1 || validationCutoffs < 1) {
            throw new IllegalArgumentException("horizon, step, minimum history and the numbers of test and validation "
                    + "cut-offs must be at least 1");
        }
        long day = ChurnDefinition.DAY_MS;
        long horizon = horizonDays * day;
        long lastTest = Math.floorDiv(lastEventMs + 1 - horizon, day) * day;
        long earliest = firstEventMs + minHistoryDays * day;
        List<Long> train = new ArrayList<>();
        for (long c = lastTest - horizon; c >= earliest; c -= stepDays * day) {
            train.add(c);
        }
        Collections.reverse(train);
        for (int k = testCutoffs; k >= 1; k--) {
            long firstTest = lastTest - (k - 1) * TEST_STEP_DAYS * day;
            List<Long> candidates = train.stream()
                    .filter(v -> v + horizon <= firstTest && train.stream().anyMatch(c -> c + horizon <= v)).toList();
            if (!candidates.isEmpty()) {
                List<Long> tests = new ArrayList<>();
                for (int i = k - 1; i >= 0; i--) {
                    tests.add(lastTest - i * TEST_STEP_DAYS * day);
                }
                List<Long> validations = candidates.subList(Math.max(0, candidates.size() - validationCutoffs), candidates.size());
                return new CutoffPlan(horizon, train, tests, validations, testCutoffs);
            }
        }
        throw new IllegalArgumentException(String.format(
                "the data (%s .. %s) is too short for a forward evaluation with a %d-day horizon: a validation "
                        + "cut-off needs a training cut-off %d days before it (%d days of history before that) and its "
                        + "own horizon before the test cut-off; use a shorter --horizon-days",
                Instant.ofEpochMilli(firstEventMs), Instant.ofEpochMilli(lastEventMs), horizonDays, horizonDays,
                minHistoryDays));
    }

    /** The latest test cut-off: the registered model is the one fitted for it. */
    public long test() {
        return tests.get(tests.size() - 1);
    }

    /** The latest validation cut-off. */
    public long validation() {
        return validations.get(validations.size() - 1);
    }

    /** Training cut-offs whose labels were known at the earliest validation cut-off (its fit's; metrics.json tune_fit). */
    public List<Long> tuneFit() {
        return trainFor(validations.get(0));
    }

    /** Training cut-offs whose labels were known at this test cut-off. */
    public List<Long> trainFor(long test) {
        return train.stream().filter(c -> c + horizonMs <= test).toList();
    }

    /** Every cut-off whose rows are built. */
    public List<Long> all() {
        List<Long> all = new ArrayList<>(train);
        tests.stream().filter(t -> !all.contains(t)).forEach(all::add);
        Collections.sort(all);
        return all;
    }
}
