package io.sparkify.churn.report.model;

import io.sparkify.churn.registry.VersionSummary;
import java.util.List;
import java.util.Optional;

/**
 * What the report shows of the model registry: one version's candidates (the champion's, or the
 * latest version when there is no champion) and every version's headline for the history.
 *
 * @param version the version whose metrics are shown
 * @param status its status ({@code champion}, {@code rejected}, {@code retired})
 * @param registry the registry URI
 * @param testWindow the forward evaluation's test cut-off and horizon end, for the captions
 * @param candidates every evaluation's candidates and baseline, forward first
 * @param history every complete version, oldest first
 * @param pooled the rolling-origin table's lines
 * @param selection why the forward evaluation chose its family (empty for versions trained before the rule)
 */
public record ModelReport(String version, String status, String registry, String testWindow,
                          List<CandidateMetrics> candidates, List<VersionSummary> history, List<Pooled> pooled,
                          String selection) {

    public ModelReport {
        candidates = List.copyOf(candidates);
        history = List.copyOf(history);
        pooled = List.copyOf(pooled);
    }

    /**
     * One line of the rolling-origin table: a model or baseline pooled over the forward test cut-offs (empty for
     * versions trained before issue 13).
     */
    public record Pooled(String name, boolean selected, long rows, long positives, double aucRoc, double aucRocLo,
                         double aucRocHi, double aucPr, double aucPrLo, double aucPrHi, double liftTop10) {
    }

    /** The forward evaluation's selected model: the one this version registered. */
    public Optional<CandidateMetrics> champion() {
        return selected(ModelMetricsReader.FORWARD);
    }

    public Optional<CandidateMetrics> selected(String evaluation) {
        return candidates.stream().filter(c -> c.evaluation().equals(evaluation) && c.best()).findFirst();
    }

    public Optional<CandidateMetrics> baseline(String evaluation) {
        return candidates.stream().filter(c -> c.evaluation().equals(evaluation) && c.isBaseline()).findFirst();
    }

    public List<CandidateMetrics> of(String evaluation) {
        return candidates.stream().filter(c -> c.evaluation().equals(evaluation)).toList();
    }
}
