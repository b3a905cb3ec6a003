package io.sparkify.churn.features;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The point-in-time cut-offs of the forward evaluation, all at UTC midnight.
 *
 * <ul>
 *   <li>{@code test}: the latest cut-off whose horizon {@code [test, test + horizon)} lies inside the data;</li>
 *   <li>{@code train}: {@code test - horizon}, then every {@code step} earlier while at least
 *       {@code minHistory} of data precede it. Each train cut-off's horizon ends by {@code test}, so every
 *       training label was known at the test cut-off: the model never sees the future;</li>
 *   <li>{@code validation}: the latest train cut-off; hyper-parameters and the decision threshold are chosen by
 *       fitting on the train cut-offs whose horizon ends by it ({@link #tuneFit()}) and scoring it.</li>
 * </ul>
 */
public record CutoffPlan(long horizonMs, List<Long> train, long test) {

    public CutoffPlan {
        train = List.copyOf(train);
    }

    public static CutoffPlan plan(long firstEventMs, long lastEventMs, int horizonDays, int stepDays, int minHistoryDays) {
        if (horizonDays < 1 || stepDays < 1 || minHistoryDays < 1) {
            throw new IllegalArgumentException("horizon, step and minimum history must be at least one day");
        }
        long day = ChurnDefinition.DAY_MS;
        long horizon = horizonDays * day;
        long test = Math.floorDiv(lastEventMs + 1 - horizon, day) * day;
        long earliest = firstEventMs + minHistoryDays * day;
        List<Long> train = new ArrayList<>();
        for (long c = test - horizon; c >= earliest; c -= stepDays * day) {
            train.add(c);
        }
        Collections.reverse(train);
        if (train.size() < 2) {
            throw new IllegalArgumentException(String.format(
                    "the data (%s .. %s) is too short for a forward evaluation with a %d-day horizon: it needs "
                            + "at least two training cut-offs (%d days of history before each); use a shorter --horizon-days",
                    Instant.ofEpochMilli(firstEventMs), Instant.ofEpochMilli(lastEventMs), horizonDays, minHistoryDays));
        }
        return new CutoffPlan(horizon, train, test);
    }

    public long validation() {
        return train.get(train.size() - 1);
    }

    /** Train cut-offs whose labels were known at the validation cut-off. */
    public List<Long> tuneFit() {
        return train.stream().filter(c -> c + horizonMs <= validation()).toList();
    }
}
