package io.sparkify.churn.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a challenger may replace the champion.
 *
 * @param tolerance the challenger is promoted iff its forward test AUC-PR is at least the champion's (re-scored on
 *                  the same test rows) minus this; 0 = "not worse", 0.01 = "at most 0.01 worse", a negative value
 *                  demands an improvement of at least its size
 * @param force promote even when the champion cannot be loaded or re-scored (it is then not compared at all);
 *              without it such a run is refused ({@link Promotion#CHAMPION_UNUSABLE})
 */
public record PromotionPolicy(double tolerance, boolean force) {

    public PromotionPolicy {
        if (!Double.isFinite(tolerance) || Math.abs(tolerance) >= 1) {
            throw new IllegalArgumentException("--min-gain/--tolerance must be a finite AUC-PR difference in (-1, 1): " + tolerance);
        }
    }

    public static PromotionPolicy defaults() {
        return new PromotionPolicy(0.0, false);
    }

    /** The rule itself: promoted iff {@code challenger >= champion - tolerance}. */
    public boolean promotes(double challengerAucPr, double championAucPr) {
        return challengerAucPr >= championAucPr - tolerance;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tolerance", tolerance);
        m.put("force", force);
        return m;
    }
}
