package io.sparkify.demo.run;

import io.sparkify.churn.score.ScoreResult.ScoredUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the demo did, printed at the end as text or, with {@code --json}, as one JSON object.
 *
 * @param data the replayed file
 * @param replay what the replay stage did
 * @param lake the lake root
 * @param lakeCounts rows in the lake after the ingest, read back with Spark
 * @param training this run's new model version and what happened to it
 * @param champion the champion after this run
 * @param scoredUsers active users scored by the champion
 * @param topAtRisk the users most likely to churn
 * @param report the HTML report
 * @param stages how long each stage took
 */
public record DemoSummary(String data, Replay replay, String lake, LakeCounts lakeCounts, Training training,
                          Champion champion, long scoredUsers, List<ScoredUser> topAtRisk, String report,
                          List<Stages.Timing> stages) {

    /**
     * What the replay did with the file's lines; when skipped, what the previous run's replay did
     * (the topic holds exactly that), so that every line is accounted for on every run.
     *
     * @param skipped the topic already held this file's replay from a previous run
     * @param linesRead lines read from the file
     * @param sent records sent to Kafka
     * @param rejected lines the producer rejected (with their reasons in the rejects file)
     * @param blank blank lines, skipped by the producer
     * @param topicRecords records in the topic after the replay: what the lake must account for
     * @param rejectsFile the producer's rejected lines: line number, reason, detail, text
     */
    public record Replay(boolean skipped, long linesRead, long sent, long rejected, long blank, long topicRecords,
                         String rejectsFile) {
    }

    public record Training(String version, boolean promoted, String reason) {
    }

    /** @param metrics forward (point-in-time) test metrics of the champion: auc_roc, auc_pr, base_rate, precision, recall, f1 */
    public record Champion(String version, String model, Map<String, Double> metrics) {
    }

    /** Where every line of the file ended up. */
    public LineAccounting accounting() {
        return LineAccounting.of(replay, lakeCounts);
    }

    public double elapsedSeconds() {
        return stages.stream().mapToDouble(Stages.Timing::seconds).sum();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("replay_skipped", replay.skipped());
        in.put("lines_read", replay.linesRead());
        in.put("sent", replay.sent());
        in.put("rejected", replay.rejected());
        in.put("blank", replay.blank());
        in.put("topic_records", replay.topicRecords());
        in.put("rejects_file", replay.rejectsFile());
        m.put("events_in", in);
        m.put("lake", lake);
        m.put("lake_events", lakeCounts.events());
        m.put("quarantined", lakeCounts.quarantined());
        m.put("accounting", accounting().toMap());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("version", training.version());
        t.put("promoted", training.promoted());
        t.put("reason", training.reason());
        m.put("training", t);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("version", champion.version());
        c.put("model", champion.model());
        c.put("metrics", champion.metrics());
        m.put("champion", c);
        m.put("scored_users", scoredUsers);
        m.put("top_at_risk", topAtRisk.stream().map(ScoredUser::toMap).toList());
        m.put("report", report);
        Map<String, Object> st = new LinkedHashMap<>();
        stages.forEach(s -> st.put(s.name(), round(s.seconds())));
        m.put("stage_seconds", st);
        m.put("elapsed_s", round(elapsedSeconds()));
        return m;
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Sparkify demo done in %.0f s%n", elapsedSeconds()));
        String rejects = replay.rejected() > 0 ? " (reasons in " + replay.rejectsFile() + ")" : "";
        if (replay.skipped()) {
            b.append(String.format(Locale.ROOT, "  events in     %,d lines of %s, replayed by a previous run: %,d in the topic, "
                    + "%,d rejected%s, %,d blank%n", replay.linesRead(), data, replay.topicRecords(), replay.rejected(),
                    rejects, replay.blank()));
        } else {
            b.append(String.format(Locale.ROOT, "  events in     %,d lines of %s: %,d sent to Kafka, %,d rejected%s, %,d blank%n",
                    replay.linesRead(), data, replay.sent(), replay.rejected(), rejects, replay.blank()));
        }
        b.append(String.format(Locale.ROOT, "  lake          %,d events, %,d quarantined (%s; together the %,d records of the topic)%n",
                lakeCounts.events(), lakeCounts.quarantined(), lake, replay.topicRecords()));
        b.append("  accounted     ").append(accounting().equation()).append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "  training      %s %s: %s%n", training.version(),
                training.promoted() ? "promoted" : "not promoted", training.reason()));
        Map<String, Double> cm = champion.metrics();
        b.append(String.format(Locale.ROOT, "  champion      %s (%s): forward AUC-ROC %s, AUC-PR %s (base rate %s), "
                        + "churn precision %s, recall %s, F1 %s%n",
                champion.version(), champion.model(), f(cm.get("auc_roc")), f(cm.get("auc_pr")), f(cm.get("base_rate")),
                f(cm.get("precision")), f(cm.get("recall")), f(cm.get("f1"))));
        if (cm.get("pooled_auc_roc") != null) {
            b.append(String.format(Locale.ROOT, "  pooled test   %s rows (%s churn) over the test cut-offs: champion AUC-ROC %s [%s, %s], "
                            + "AUC-PR %s [%s, %s]; activity_rate AUC-ROC %s [%s, %s], AUC-PR %s [%s, %s] (95%% intervals)%n",
                    f0(cm.get("pooled_rows")), f0(cm.get("pooled_positives")),
                    f(cm.get("pooled_auc_roc")), f(cm.get("pooled_auc_roc_lo")), f(cm.get("pooled_auc_roc_hi")),
                    f(cm.get("pooled_auc_pr")), f(cm.get("pooled_auc_pr_lo")), f(cm.get("pooled_auc_pr_hi")),
                    f(cm.get("activity_rate_auc_roc")), f(cm.get("activity_rate_auc_roc_lo")), f(cm.get("activity_rate_auc_roc_hi")),
                    f(cm.get("activity_rate_auc_pr")), f(cm.get("activity_rate_auc_pr_lo")), f(cm.get("activity_rate_auc_pr_hi"))));
        }
        b.append(String.format(Locale.ROOT, "  at risk       top %d of %,d active users:%n", topAtRisk.size(), scoredUsers));
        for (ScoredUser u : topAtRisk) {
            b.append(String.format(Locale.ROOT, "                  %-10s %.2f %-6s %s%n", u.userId(), u.probability(), u.band(),
                    String.join(", ", u.topFeatures())));
        }
        b.append("  report        ").append(report);
        return b.toString();
    }

    private static String f0(Double d) {
        return d == null || d.isNaN() ? "n/a" : String.format(Locale.ROOT, "%,.0f", d);
    }

    private static String f(Double d) {
        return d == null || d.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static double round(double s) {
        return Math.round(s * 10) / 10.0;
    }
}
