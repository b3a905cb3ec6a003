package io.sparkify.churn.score;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code score} did.
 *
 * @param version the champion version that scored
 * @param scoredAt ISO time the features are as of (one ms after the last event)
 * @param users active users scored (one row each)
 * @param bands users per risk band
 * @param top the top at-risk users (as written to the CSV)
 * @param scoresUri the parquet output
 * @param csvUri the CSV of the top users
 * @param highThreshold lowest probability of the high band
 * @param mediumThreshold lowest probability of the medium band
 * @param flagShare the champion's flagged share that set the bands (null for versions without one)
 */
public record ScoreResult(String version, String scoredAt, long users, Map<String, Long> bands,
                          List<ScoredUser> top, String scoresUri, String csvUri, double highThreshold,
                          double mediumThreshold, Double flagShare) {

    public record ScoredUser(String userId, double probability, String band, List<String> topFeatures) {

        /** One user of {@code score --json}'s "top" (and the demo's "top_at_risk"), named as in the scores table. */
        public Map<String, Object> toMap() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("userId", userId);
            r.put("churn_probability", probability);
            r.put("risk_band", band);
            r.put("top_features", topFeatures);
            return r;
        }
    }

    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_version", version);
        m.put("scored_at", scoredAt);
        m.put("users", users);
        m.put("bands", bands);
        m.put("band_thresholds", Map.of("high", highThreshold, "medium", mediumThreshold));
        m.put("flag_share", flagShare);
        m.put("scores", scoresUri);
        m.put("top_csv", csvUri);
        m.put("top", top.stream().map(ScoredUser::toMap).toList());
        return m;
    }
}
