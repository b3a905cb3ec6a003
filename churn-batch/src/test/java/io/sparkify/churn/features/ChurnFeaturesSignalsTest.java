package io.sparkify.churn.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sparkify.model.spark.EventSchema;
import io.sparkify.testsupport.LocalSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The issue-13 signal features (recent rates, trends, recency against the usual gap, downgrades, device) on
 * hand-made users whose values are worked out by hand, through both paths: {@link ChurnFeatures#build} (per event,
 * scoring and classic) and {@link ChurnFeatures#buildAtMidnights} (the forward cut-offs); and nothing at or after
 * the cut-off, nor a label page, reaches them.
 */
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChurnFeaturesSignalsTest {

    private static final long DAY = ChurnDefinition.DAY_MS;
    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;
    /** The cut-off: 2018-11-01T00:00:00Z. */
    private static final long C = 1_541_030_400_000L;
    private static final String WINDOWS_UA = "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0";
    private static final String IPAD_UA = "\"Mozilla/5.0 (iPad; CPU OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53\"";
    private static final String LINUX_UA = "Mozilla/5.0 (X11; Ubuntu; Linux i686; rv:31.0) Gecko/20100101 Firefox/31.0";
    private static final String MAC_UA = "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"";

    private SparkSession spark;
    private List<Row> events;
    /** The features of {@link #events}, computed once (each path's plan takes seconds to run on a tiny frame). */
    private Map<String, Map<String, Double>> features;

    /** Time {@code day} days (negative: before) from the cut-off, at hour:minute. */
    private static long t(int day, int hour, int minute) {
        return C + day * DAY + hour * HOUR + minute * MINUTE;
    }

    private static Row event(String user, long session, long ts, String page, String level, String agent) {
        return event(user, session, ts, page, level, agent, "Logged In");
    }

    private static Row event(String user, long session, long ts, String page, String level, String agent, String auth) {
        Map<String, Object> v = new HashMap<>();
        v.put("ts", ts);
        v.put("userId", user);
        v.put("sessionId", session);
        v.put("page", page);
        v.put("auth", auth);
        v.put("level", level);
        v.put("userAgent", agent);
        v.put("gender", "F");
        v.put("registration", t(-60, 0, 0));
        if (page.equals("NextSong")) {
            v.put("artist", "artist " + (ts % 3));
            v.put("length", 200.0);
        }
        StructType schema = EventSchema.struct();
        Object[] values = new Object[schema.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.get(schema.fields()[i].name());
            if (values[i] == null && !schema.fields()[i].nullable()) {
                throw new IllegalStateException(schema.fields()[i].name());
            }
        }
        return RowFactory.create(values);
    }

    @BeforeAll
    void users(SparkSession spark) {
        this.spark = spark;
        events = new ArrayList<>(List.of(
                // a: Windows; paid, downgrades 20 days before the cut-off, free since; quieter 8-35 days back.
                event("a", 1, t(-40, 10, 0), "NextSong", "paid", WINDOWS_UA),
                event("a", 1, t(-40, 10, 4), "NextSong", "paid", WINDOWS_UA),
                event("a", 1, t(-40, 10, 5), "Thumbs Down", "paid", WINDOWS_UA),
                event("a", 2, t(-20, 10, 0), "NextSong", "paid", WINDOWS_UA),
                event("a", 2, t(-20, 10, 5), "Downgrade", "paid", WINDOWS_UA),
                event("a", 2, t(-20, 10, 6), "Submit Downgrade", "paid", WINDOWS_UA),
                event("a", 3, t(-5, 10, 0), "NextSong", "free", WINDOWS_UA),
                event("a", 3, t(-5, 10, 4), "Roll Advert", "free", WINDOWS_UA),
                event("a", 3, t(-5, 10, 5), "NextSong", "free", WINDOWS_UA),
                event("a", 3, t(-5, 10, 9), "Thumbs Down", "free", WINDOWS_UA),
                event("a", 3, t(-5, 10, 10), "NextSong", "free", WINDOWS_UA),
                event("a", 4, t(-2, 12, 0), "NextSong", "free", WINDOWS_UA),
                event("a", 4, t(-2, 12, 4), "NextSong", "free", WINDOWS_UA),
                // b: iPad (its agent says "like Mac OS X"), one session 3 days before the cut-off.
                event("b", 7, t(-3, 8, 0), "NextSong", "free", IPAD_UA),
                event("b", 7, t(-3, 8, 3), "NextSong", "free", IPAD_UA),
                event("b", 7, t(-3, 8, 6), "Home", "free", IPAD_UA),
                // c: Linux; downgraded 50 days back (beyond the window), upgraded 9 days back in a session that
                // crosses midnight; nothing in the last 7 days.
                event("c", 1, t(-50, 9, 0), "NextSong", "paid", LINUX_UA),
                event("c", 1, t(-50, 9, 1), "Submit Downgrade", "paid", LINUX_UA),
                event("c", 1, t(-50, 9, 2), "NextSong", "free", LINUX_UA),
                event("c", 5, t(-10, 23, 50), "NextSong", "free", LINUX_UA),
                event("c", 5, t(-9, 0, 10), "Submit Upgrade", "free", LINUX_UA),
                event("c", 5, t(-9, 0, 11), "NextSong", "paid", LINUX_UA),
                // d: Mac, one event 14 hours before the cut-off (less than a day observed).
                event("d", 9, t(-1, 10, 0), "NextSong", "free", MAC_UA)));
        features = signals(events);
    }

    private Dataset<Row> frame(List<Row> rows) {
        return spark.createDataFrame(rows, EventSchema.struct());
    }

    private Dataset<Row> asOf(long time) {
        return spark.createDataFrame(List.of(RowFactory.create("a", time), RowFactory.create("b", time),
                        RowFactory.create("c", time), RowFactory.create("d", time)),
                DataTypes.createStructType(List.of(
                        DataTypes.createStructField(ChurnFeatures.USER_ID, DataTypes.StringType, false),
                        DataTypes.createStructField(ChurnFeatures.AS_OF, DataTypes.LongType, false))));
    }

    /** user -> feature -> value, by the per-event path and the one-pass path (equal). */
    private Map<String, Map<String, Double>> signals(List<Row> rows) {
        Map<String, Map<String, Double>> perEvent = values(ChurnFeatures.build(frame(rows), asOf(C)));
        Map<String, Map<String, Double>> onePass = values(ChurnFeatures.buildAtMidnights(frame(rows), asOf(C)));
        assertEquals(perEvent.keySet(), onePass.keySet());
        perEvent.forEach((user, f) -> f.forEach((name, v) ->
                assertEquals(v, onePass.get(user).get(name), 1e-12, name + " of " + user + ", one-pass path")));
        return perEvent;
    }

    private static Map<String, Map<String, Double>> values(Dataset<Row> features) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Row r : features.collectAsList()) {
            Map<String, Double> f = new LinkedHashMap<>();
            ChurnFeatures.names().forEach(n -> f.put(n, r.getDouble(r.fieldIndex(n))));
            out.put(r.getString(r.fieldIndex(ChurnFeatures.USER_ID)), f);
        }
        return out;
    }

    private static void check(Map<String, Double> f, String name, double expected) {
        assertEquals(expected, f.get(name), 1e-9, name);
    }

    @Test
    void recentRatesArePerDayOfExposureInTheWindow() {
        Map<String, Double> a = features.get("a");
        // a is observed 39.6 days: whole windows. Last 7 (and 14) days: sessions 3 and 4, 7 events, 5 songs, 2
        // active days, exit pages Roll Advert + Thumbs Down; 28 days adds session 2 (3 events, 1 song, Downgrade).
        check(a, "daily_sessions_7d", 2 / 7.0);
        check(a, "daily_sessions_28d", 3 / 28.0);
        check(a, "daily_items_7d", 7 / 7.0);
        check(a, "daily_items_28d", 10 / 28.0);
        check(a, "daily_songs_7d", 5 / 7.0);
        check(a, "daily_songs_14d", 5 / 14.0);
        check(a, "daily_songs_28d", 6 / 28.0);
        check(a, "active_day_share_7d", 2 / 7.0);
        check(a, "active_day_share_28d", 3 / 28.0);
        check(a, "exit_pages_7d", 2 / 7.0);
        check(a, "exit_pages_28d", 3 / 28.0);
        check(a, "thumbs_down_per_song_28d", 1 / 7.0);
        check(a, "roll_advert_per_song_28d", 1 / 7.0);
        // b is observed 2.67 days: every window is normalised by those days, not by 7, 14 or 28.
        Map<String, Double> b = features.get("b");
        double observed = 3 - 8 / 24.0;
        check(b, "daily_sessions_7d", 1 / observed);
        check(b, "daily_sessions_28d", 1 / observed);
        check(b, "daily_items_28d", 3 / observed);
        check(b, "daily_songs_7d", 2 / observed);
        check(b, "active_day_share_14d", 1 / observed);
        check(b, "exit_pages_28d", 0);
        check(b, "thumbs_down_per_song_28d", 0);
        // c's session crossing midnight is one session on two active days; d is observed less than a day (1).
        Map<String, Double> c = features.get("c");
        check(c, "daily_sessions_7d", 0);
        check(c, "daily_sessions_28d", 1 / 28.0);
        check(c, "active_day_share_28d", 2 / 28.0);
        check(features.get("d"), "daily_songs_7d", 1.0);
    }

    /** ln((recent / 7 + 1/7) / (earlier / 28 + 1/7)) for a user observed more than 35 days. */
    private static double trend(int recent, int earlier) {
        return Math.log((recent / 7.0 + 1 / 7.0) / (earlier / 28.0 + 1 / 7.0));
    }

    @Test
    void trendsCompareTheLastSevenDaysWithTheTwentyEightBefore() {
        Map<String, Map<String, Double>> s = features;
        Map<String, Double> a = s.get("a");
        // a: last 7 days 2 sessions / 5 songs / 2 active days / 2 exit pages / 1 thumbs down; the 28 days before
        // (days 8-35): session 2 only (1 session, 1 song, 1 day, 1 exit page, no thumbs down).
        check(a, "trend_sessions_7v28", trend(2, 1));
        check(a, "trend_songs_7v28", trend(5, 1));
        check(a, "trend_active_days_7v28", trend(2, 1));
        check(a, "trend_exit_pages_7v28", trend(2, 1));
        check(a, "trend_thumbs_down_7v28", trend(1, 0));
        // c: nothing in the last 7 days; the session 9-10 days back: 1 session, 2 songs, 2 days; no thumbs down
        // in either period is "as before".
        Map<String, Double> c = s.get("c");
        check(c, "trend_sessions_7v28", trend(0, 1));
        check(c, "trend_songs_7v28", trend(0, 2));
        check(c, "trend_active_days_7v28", trend(0, 2));
        check(c, "trend_thumbs_down_7v28", 0);
        // b: no observed day before the last 7: "as before".
        for (String signal : ChurnFeatures.TREND_SIGNALS) {
            check(s.get("b"), ChurnFeatures.trendColumn(signal), 0);
        }
    }

    @Test
    void recencyIsMeasuredInTheUsersUsualGapsBetweenSessions() {
        Map<String, Map<String, Double>> s = features;
        // a: 4 sessions over 38 days 2 h 4 min, last event 2 days minus 12 h 4 min before the cut-off.
        double aSpan = 38 + (2 * 60 + 4) / 1440.0;
        check(s.get("a"), "recency_gap_ratio", ((2 * 1440 - 724) / 1440.0) / (aSpan / 3));
        // b: a single session: its observed days are the gap.
        check(s.get("b"), "recency_gap_ratio", ((3 * 1440 - 486) / 1440.0) / (3 - 8 / 24.0));
        // c: 2 sessions, 41 days minus 8 h 49 min apart; last event 9 days minus 11 min back.
        double cSpan = 41 - (8 * 60 + 49) / 1440.0;
        check(s.get("c"), "recency_gap_ratio", (9 - 11 / 1440.0) / cSpan);
        // d: one event 14 hours back, observed less than a day (counted as 1).
        check(s.get("d"), "recency_gap_ratio", 14 / 24.0);
    }

    @Test
    void downgradesAndPaidToFreeAreReadInTheTwentyEightDayWindow() {
        Map<String, Map<String, Double>> s = features;
        check(s.get("a"), "days_since_downgrade", 20 - 606 / 1440.0);
        check(s.get("a"), "days_since_downgrade_page", 20 - 605 / 1440.0);
        check(s.get("a"), "paid_to_free_28d", 1);
        // c downgraded 50 days back (capped at the window) and went free -> paid, not paid -> free, in it.
        check(s.get("c"), "days_since_downgrade", 28);
        check(s.get("c"), "days_since_downgrade_page", 28);
        check(s.get("c"), "paid_to_free_28d", 0);
        check(s.get("b"), "days_since_downgrade", 28);
        check(s.get("b"), "paid_to_free_28d", 0);
    }

    @Test
    void deviceComesFromTheLatestUserAgent() {
        Map<String, Map<String, Double>> s = features;
        Map<String, List<Double>> expected = Map.of(
                "a", List.of(1.0, 0.0, 0.0, 0.0), "b", List.of(0.0, 0.0, 1.0, 0.0),
                "c", List.of(0.0, 0.0, 0.0, 1.0), "d", List.of(0.0, 1.0, 0.0, 0.0));
        expected.forEach((user, devices) -> {
            for (int i = 0; i < ChurnFeatures.DEVICES.size(); i++) {
                check(s.get(user), "device_" + ChurnFeatures.DEVICES.get(i), devices.get(i));
            }
        });
        // The latest agent wins: a moves to an iPhone the day before the cut-off.
        List<Row> moved = new ArrayList<>(events);
        moved.add(event("a", 11, t(-1, 9, 0), "Home", "free",
                "\"Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2\""));
        Map<String, Double> a = signals(moved).get("a");
        check(a, "device_windows", 0);
        check(a, "device_mobile", 1);
    }

    @Test
    void nothingAtOrAfterTheCutoffNorALabelPageReachesThem() {
        List<Row> noisy = new ArrayList<>(events);
        // At and after the cut-off: a new device, sessions, a downgrade, a paid -> free change.
        noisy.add(event("b", 8, C, "Submit Downgrade", "paid", WINDOWS_UA));
        noisy.add(event("b", 8, C + MINUTE, "NextSong", "free", WINDOWS_UA));
        noisy.add(event("c", 6, C + HOUR, "Downgrade", "paid", MAC_UA));
        noisy.add(event("d", 10, C + 3 * DAY, "Thumbs Down", "free", WINDOWS_UA));
        // Label pages and Cancelled rows before it.
        noisy.add(event("a", 4, t(-2, 12, 5), "Cancel", "free", IPAD_UA));
        noisy.add(event("a", 4, t(-2, 12, 6), "Cancellation Confirmation", "free", IPAD_UA, "Cancelled"));
        noisy.add(event("c", 5, t(-1, 1, 0), "Downgrade", "paid", IPAD_UA, "Cancelled"));
        assertEquals(features, signals(noisy));
        // Control: the same Downgrade as a real event before the cut-off does change them.
        List<Row> real = new ArrayList<>(events);
        real.add(event("c", 5, t(-1, 1, 0), "Downgrade", "paid", IPAD_UA));
        assertNotEquals(features.get("c"), signals(real).get("c"));
    }
}
