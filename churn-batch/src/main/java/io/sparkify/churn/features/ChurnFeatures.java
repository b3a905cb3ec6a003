package io.sparkify.churn.features;

import static io.sparkify.churn.features.ChurnDefinition.DAY_MS;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.ln;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The per-user churn features, shared by training, scoring and the report.
 *
 * <p>Features are computed "as of" a time per user ({@link #AS_OF}, epoch ms): only from events with
 * {@code ts < as_of}. The label pages ({@link ChurnDefinition#LABEL_PAGES}) and {@code auth = Cancelled} rows are
 * removed before anything is aggregated, so no feature can see the label; see {@link #usable(Dataset)}.
 * Every feature is a double; the list and definitions are in {@link #names()} and docs/churn.md.
 */
public final class ChurnFeatures {

    public static final String USER_ID = "userId";
    /** Epoch ms: a row's features come from events strictly before it. */
    public static final String AS_OF = "as_of";

    /** Pages of logged-in users with a daily-rate feature each (the seed's avg_daily_<Page>). */
    public static final List<String> PAGES = List.of("NextSong", "Home", "Thumbs Up", "Thumbs Down", "Add to Playlist",
            "Add Friend", "Roll Advert", "Logout", "Downgrade", "Submit Downgrade", "Upgrade", "Submit Upgrade",
            "Help", "Settings", "Save Settings", "About", "Error");

    /**
     * The pages a cancellation starts from in the data (the pages just before "Cancel"): their recent daily rate is
     * a user's recent exposure to the way out, the strongest point-in-time signal.
     */
    public static final List<String> EXIT_PAGES = List.of("Roll Advert", "Downgrade", "Settings", "Thumbs Down");

    /** Days of the recent window of the {@code *_14d} features. */
    public static final int RECENT_DAYS = 14;

    /** Windows (days before the as-of time) of the exposure-normalised recent rates ({@code daily_songs_7d}, ...). */
    public static final List<Integer> RATE_WINDOWS = List.of(7, 14, 28);
    /** The per-signal trends compare the last this many days ... */
    public static final int TREND_RECENT_DAYS = 7;
    /** ... with this many days before them. */
    public static final int TREND_EARLIER_DAYS = 28;
    /**
     * Window of {@code paid_to_free_28d} and cap of the {@code days_since_*} features: a fixed window, so that no
     * value measures how long the history is.
     */
    public static final int LEVEL_WINDOW_DAYS = 28;
    /** Per day, added to both rates of a trend: one event a week. */
    static final double TREND_PSEUDO_RATE = 1.0 / 7;
    /** The signals with a trend feature each ({@code trend_<signal>_7v28}). */
    public static final List<String> TREND_SIGNALS = List.of("sessions", "songs", "active_days", "exit_pages", "thumbs_down");
    /** Device families read from the latest {@code userAgent}, one indicator each ({@code device_<family>}). */
    public static final List<String> DEVICES = List.of("windows", "mac", "mobile", "linux");

    private static final Map<String, List<String>> GROUPS = buildGroups();
    private static final List<String> NAMES = GROUPS.values().stream().flatMap(List::stream).toList();

    private ChurnFeatures() {
    }

    /** The feature columns, in the order the models' vector uses. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The groups {@code train} uses unless {@code --features} names others. Only {@code base}: on the 450-user
     * sample's validation cut-off no issue-13 group raised the validation AUC-PR of the selected family by a margin
     * validation can show (the largest, {@code trends} alone, +0.035 by RandomForest, is the size of RandomForest's
     * swing from row order alone and vanished with {@code downgrade} added; docs/churn.md, "Which feature groups are
     * used"). The other groups are computed all the same (in the same pass) and can be named for ablations.
     */
    public static final List<String> DEFAULT_GROUPS = List.of("base");

    /** The features of {@link #DEFAULT_GROUPS}, in the order of {@link #names()}. */
    public static List<String> defaults() {
        return DEFAULT_GROUPS.stream().flatMap(g -> GROUPS.get(g).stream()).toList();
    }

    /** {@code "Thumbs Up"} -> {@code daily_thumbs_up}. */
    public static String dailyPageColumn(String page) {
        return "daily_" + page.toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    /**
     * The features by group, in the order of {@link #names()}: {@code base} (the features before issue 13's item 5)
     * and the groups added by it ({@code recent_rates}, {@code trends}, {@code recency_gap}, {@code downgrade},
     * {@code device}), so that ablations can add or remove a group ({@code train --features}).
     */
    public static Map<String, List<String>> groups() {
        return GROUPS;
    }

    /** {@code daily_songs} and {@code 7} -> {@code daily_songs_7d}. */
    public static String windowColumn(String rate, int days) {
        return rate + "_" + days + "d";
    }

    /** {@code sessions} -> {@code trend_sessions_7v28}. */
    public static String trendColumn(String signal) {
        return "trend_" + signal + "_" + TREND_RECENT_DAYS + "v" + TREND_EARLIER_DAYS;
    }

    private static Map<String, List<String>> buildGroups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("base", baseNames());
        List<String> rates = new ArrayList<>();
        for (int w : RATE_WINDOWS) {
            for (String r : List.of("daily_sessions", "daily_items", "daily_songs", "active_day_share", "exit_pages")) {
                String name = windowColumn(r, w);
                if (!g.get("base").contains(name)) {
                    rates.add(name);
                }
            }
        }
        rates.add("thumbs_down_per_song_28d");
        rates.add("roll_advert_per_song_28d");
        g.put("recent_rates", List.copyOf(rates));
        g.put("trends", TREND_SIGNALS.stream().map(ChurnFeatures::trendColumn).toList());
        g.put("recency_gap", List.of("recency_gap_ratio"));
        g.put("downgrade", List.of("days_since_downgrade", "days_since_downgrade_page", "paid_to_free_28d"));
        g.put("device", DEVICES.stream().map(d -> "device_" + d).toList());
        return Collections.unmodifiableMap(g);
    }

    private static List<String> baseNames() {
        List<String> n = new ArrayList<>(List.of(
                "gender_male", "level_paid", "days_since_registration", "observed_days", "avg_song_length",
                "daily_sessions", "daily_items", "daily_session_hours"));
        for (String p : PAGES) {
            n.add(dailyPageColumn(p));
        }
        n.addAll(List.of(
                "thumbs_down_up_ratio", "roll_advert_rate", "downgrade_visits", "settings_visits", "errors",
                "songs_per_session", "items_per_session", "distinct_artists", "friends_added", "days_active",
                "active_day_share", "paid_share", "level_changes", "trend_7d", "trend_14d", "recency_days",
                "daily_items_14d", "daily_sessions_14d", "active_day_share_14d"));
        for (String p : EXIT_PAGES) {
            n.add(recentPageColumn(p));
        }
        n.add("exit_pages_14d");
        return Collections.unmodifiableList(n);
    }

    /** {@code "Roll Advert"} -> {@code daily_roll_advert_14d}. */
    public static String recentPageColumn(String page) {
        return dailyPageColumn(page) + "_" + RECENT_DAYS + "d";
    }

    /**
     * The events features may use: no label pages, no {@code auth = Cancelled} rows (they exist only around
     * a cancellation), no empty userIds.
     */
    public static Dataset<Row> usable(Dataset<Row> events) {
        return events.filter(ChurnDefinition.hasUserId()
                .and(not(ChurnDefinition.isLabelPage()))
                .and(col("auth").isNull().or(col("auth").notEqual("Cancelled"))));
    }

    /**
     * One row per ({@code userId}, {@code as_of}) of {@code asOf} that has at least one usable event before
     * {@code as_of}: the {@code userId}, {@code as_of} and every column of {@link #names()}.
     *
     * @param events events with the {@code EventSchema} columns
     * @param asOf rows of ({@code userId}, {@code as_of}); a user may appear with several times
     */
    public static Dataset<Row> build(Dataset<Row> events, Dataset<Row> asOf) {
        Dataset<Row> e = usable(events)
                .select(col(USER_ID), col("ts"), col("sessionId"), col("page"), col("level"), col("gender"),
                        col("registration"), col("length"), col("artist"), col("userAgent"))
                .join(asOf.select(col(USER_ID), col(AS_OF)), USER_ID)
                .filter(col("ts").lt(col(AS_OF)));

        Column asOfCol = col(AS_OF);
        List<Column> aggs = new ArrayList<>(List.of(
                min("ts").as("first_ts"), max("ts").as("last_ts"), count(lit(1)).as("n_events"),
                count_distinct(col("sessionId")).as("n_sessions"),
                mean(sum(when(col("page").equalTo("NextSong"), exactLength())),
                        count(when(col("page").equalTo("NextSong"), col("length")))).as("avg_len"),
                count_distinct(when(col("page").equalTo("NextSong"), col("artist"))).as("n_artists"),
                max_by(isMale(), col("ts")).as("last_male"),
                max_by(isPaid(), col("ts")).as("last_paid"),
                max("registration").as("registration_ts"),
                sum(when(col("level").equalTo("paid"), 1).otherwise(0)).as("n_paid"),
                count_distinct(floor(col("ts").divide(DAY_MS))).as("n_days"),
                sum(when(col("ts").geq(asOfCol.minus(7 * DAY_MS)), 1).otherwise(0)).as("n_last7"),
                sum(when(col("ts").geq(asOfCol.minus(14 * DAY_MS)), 1).otherwise(0)).as("n_last14")));
        for (String p : PAGES) {
            aggs.add(sum(when(col("page").equalTo(p), 1).otherwise(0)).as(countColumn(p)));
        }
        Column recent = col("ts").geq(asOfCol.minus(RECENT_DAYS * DAY_MS));
        aggs.add(count_distinct(when(recent, col("sessionId"))).as("n_sessions_recent"));
        aggs.add(count_distinct(when(recent, floor(col("ts").divide(DAY_MS)))).as("n_days_recent"));
        for (String p : EXIT_PAGES) {
            aggs.add(sum(when(recent.and(col("page").equalTo(p)), 1).otherwise(0)).as(countColumn(p) + "_recent"));
        }
        aggs.addAll(signalAggs(new Grain(
                days -> col("ts").geq(asOfCol.minus(days * DAY_MS)),
                p -> when(col("page").equalTo(p), 1).otherwise(0),
                lit(1),
                p -> when(col("page").equalTo(p), col("ts")),
                when(col("level").equalTo("paid"), col("ts")), when(col("level").equalTo("free"), col("ts")),
                deviceBits(col("userAgent")), col("ts"))));
        Dataset<Row> perUser = e.groupBy(col(USER_ID), col(AS_OF))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));

        // The session hours and the sessions and active days per window; the counts in all and in the recent
        // window stay the distinct counts above (the per-event definition the one-pass path is tested against).
        Dataset<Row> sessionsAndDays = sessionsAndDays(e, col("ts"), col("ts"), floor(col("ts").divide(DAY_MS)))
                .drop("s_count", "d_count");
        Dataset<Row> j = perUser.join(sessionsAndDays, new String[] {USER_ID, AS_OF});
        return derive(j);
    }

    /**
     * {@link #build} for as-of times that are all UTC midnights (the forward evaluation's cut-offs), in one pass over
     * the events whatever the number of cut-offs: the same columns and values (up to floating-point summation order).
     *
     * <p>Why a second path: {@link #build} joins every event to every as-of time before aggregating, so with a dozen
     * cut-offs it aggregates ~12x the event log, and its distinct counts make Spark expand every row ~6x more (35 s
     * of a 58 s training run on the 450-user sample). Here the events are first reduced to one row per (user,
     * session, day), and, for the distinct artists, per (user, artist). A midnight cut-off never splits a day, so a
     * unit is either wholly before it or wholly after, and the 7-, 14-, 28- and 35-day windows are whole days too:
     * aggregating units gives exactly what aggregating their events gives. Sessions and active days are counted from
     * one row per session and per day ({@link #sessionsAndDays}), so this path has no distinct count at all.
     * {@code ChurnFeaturesAtMidnightsTest} compares both paths.
     *
     * @param asOf rows of ({@code userId}, {@code as_of}) with every {@code as_of} a multiple of a day in epoch ms
     */
    public static Dataset<Row> buildAtMidnights(Dataset<Row> events, Dataset<Row> asOf) {
        Column day = floor(col("ts").divide(DAY_MS));
        Dataset<Row> usable = usable(events);
        List<Column> unitAggs = new ArrayList<>(List.of(
                min("ts").as("u_first"), max("ts").as("u_last"), count(lit(1)).as("u_events"),
                sum(when(col("page").equalTo("NextSong"), exactLength())).as("u_len_sum"),
                count(when(col("page").equalTo("NextSong"), col("length"))).as("u_len_n"),
                max_by(isMale(), col("ts")).as("u_male"),
                max_by(isPaid(), col("ts")).as("u_paid_level"),
                max("registration").as("u_registration"),
                sum(when(col("level").equalTo("paid"), 1).otherwise(0)).as("u_paid")));
        for (String p : PAGES) {
            unitAggs.add(sum(when(col("page").equalTo(p), 1).otherwise(0)).as("u_" + countColumn(p)));
        }
        for (String p : LAST_SEEN_PAGES) {
            unitAggs.add(max(when(col("page").equalTo(p), col("ts"))).as("u_last_" + countColumn(p)));
        }
        unitAggs.add(min(when(col("level").equalTo("paid"), col("ts"))).as("u_first_paid"));
        unitAggs.add(max(when(col("level").equalTo("free"), col("ts"))).as("u_last_free"));
        unitAggs.add(max_by(deviceBits(col("userAgent")), col("ts")).as("u_device"));
        Dataset<Row> units = usable.groupBy(col(USER_ID), col("sessionId"), day.as("day"))
                .agg(unitAggs.get(0), unitAggs.subList(1, unitAggs.size()).toArray(Column[]::new));

        Column asOfDay = col(AS_OF).divide(DAY_MS).cast("long");
        Dataset<Row> u = units.join(asOf.select(col(USER_ID), col(AS_OF)), USER_ID)
                .filter(col("day").lt(asOfDay));
        Column last7 = col("day").geq(asOfDay.minus(7));
        Column recent = col("day").geq(asOfDay.minus(RECENT_DAYS));
        Column last14 = col("day").geq(asOfDay.minus(14));
        List<Column> aggs = new ArrayList<>(List.of(
                min("u_first").as("first_ts"), max("u_last").as("last_ts"), sum("u_events").as("n_events"),
                mean(sum("u_len_sum"), sum("u_len_n")).as("avg_len"),
                max_by(col("u_male"), col("u_last")).as("last_male"),
                max_by(col("u_paid_level"), col("u_last")).as("last_paid"),
                max("u_registration").as("registration_ts"),
                sum("u_paid").as("n_paid"),
                sum(when(last7, col("u_events")).otherwise(0)).as("n_last7"),
                sum(when(last14, col("u_events")).otherwise(0)).as("n_last14")));
        for (String p : PAGES) {
            aggs.add(sum("u_" + countColumn(p)).as(countColumn(p)));
        }
        for (String p : EXIT_PAGES) {
            aggs.add(sum(when(recent, col("u_" + countColumn(p))).otherwise(0)).as(countColumn(p) + "_recent"));
        }
        aggs.addAll(signalAggs(new Grain(
                days -> col("day").geq(asOfDay.minus(days)),
                p -> col("u_" + countColumn(p)),
                col("u_events"),
                p -> col("u_last_" + countColumn(p)),
                col("u_first_paid"), col("u_last_free"),
                col("u_device"), col("u_last"))));
        Dataset<Row> perUser = u.groupBy(col(USER_ID), col(AS_OF))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));

        // Sessions and days, in all and per window, from one row per session and per day (no distinct counts).
        Dataset<Row> sessionsAndDays = sessionsAndDays(u, col("u_first"), col("u_last"), col("day"))
                .withColumnRenamed("s_count", "n_sessions").withColumnRenamed("d_count", "n_days")
                .withColumn("n_sessions_recent", col("w_sessions_" + RECENT_DAYS))
                .withColumn("n_days_recent", col("w_active_days_" + RECENT_DAYS));

        // Distinct artists: each (user, artist) once, with the day of its first play.
        Dataset<Row> artists = usable.filter(col("page").equalTo("NextSong").and(col("artist").isNotNull()))
                .groupBy(col(USER_ID), col("artist")).agg(min(day).as("first_day"))
                .join(asOf.select(col(USER_ID), col(AS_OF)), USER_ID)
                .filter(col("first_day").lt(asOfDay))
                .groupBy(col(USER_ID), col(AS_OF)).agg(count(lit(1)).as("n_artists"));

        Dataset<Row> j = perUser.join(sessionsAndDays, new String[] {USER_ID, AS_OF})
                .join(artists, new String[] {USER_ID, AS_OF}, "left")
                .withColumn("n_artists", coalesce(col("n_artists"), lit(0L)));
        return derive(j);
    }

    /** Pages whose latest visit time is a feature ({@code days_since_*}). */
    private static final List<String> LAST_SEEN_PAGES = List.of("Submit Downgrade", "Downgrade");

    /**
     * How the rows being aggregated are read: events ({@link #build}) or (user, session, day) units
     * ({@link #buildAtMidnights}). The same aggregates over either give the same values at midnight as-of times,
     * because a window of whole days before a midnight never splits a unit.
     *
     * @param within rows in the last {@code days} days before the as-of time
     * @param pageCount the row's number of events of a page
     * @param events the row's number of events
     * @param lastOf the row's latest time of a page ({@link #LAST_SEEN_PAGES}), null without one
     * @param firstPaid the row's earliest time at level paid, null without one
     * @param lastFree the row's latest time at level free, null without one
     * @param device the row's latest device families ({@link #deviceBits})
     * @param ts the row's latest time (orders {@code device})
     */
    private record Grain(IntFunction<Column> within, Function<String, Column> pageCount, Column events,
                         Function<String, Column> lastOf, Column firstPaid, Column lastFree, Column device,
                         Column ts) {

        Column exitPages() {
            Column c = lit(0);
            for (String p : EXIT_PAGES) {
                c = c.plus(pageCount.apply(p));
            }
            return c;
        }
    }

    /** The windows (days before the as-of time) the signal features count in: the rate windows and the trends'. */
    private static List<Integer> signalWindows() {
        List<Integer> windows = new ArrayList<>(RATE_WINDOWS);
        windows.add(TREND_RECENT_DAYS + TREND_EARLIER_DAYS);
        return windows;
    }

    /**
     * Per (user, as-of time) of some rows (events or units, each with {@code sessionId} and its earliest and latest
     * time): {@code session_hours} (each session's last minus first time, summed), {@code s_count} sessions and
     * {@code d_count} active days, and the sessions ({@code w_sessions_<w>}) and active days
     * ({@code w_active_days_<w>}) with activity in the last w days of {@link #signalWindows()}.
     *
     * <p>From one row per session and one per day rather than with distinct counts: several distinct counts in one
     * aggregation make Spark copy every input row once per count (an Expand; 12 counts here). A session or a day has
     * activity in a window when its latest time before the as-of time is in it (the rows are all before it).
     * Sessions are keyed by (userId, sessionId): ids repeat across users.
     */
    private static Dataset<Row> sessionsAndDays(Dataset<Row> rows, Column first, Column last, Column day) {
        Column asOf = col(AS_OF);
        List<Column> sessionAggs = new ArrayList<>(List.of(count(lit(1)).as("s_count")));
        List<Column> dayAggs = new ArrayList<>(List.of(count(lit(1)).as("d_count")));
        for (int w : signalWindows()) {
            Column since = asOf.minus(w * DAY_MS);
            sessionAggs.add(sum(when(col("s_last").geq(since), 1).otherwise(0)).as("w_sessions_" + w));
            dayAggs.add(sum(when(col("d_last").geq(since), 1).otherwise(0)).as("w_active_days_" + w));
        }
        Dataset<Row> sessions = rows.groupBy(col(USER_ID), col(AS_OF), col("sessionId"))
                .agg(max(last).minus(min(first)).as("session_ms"), max(last).as("s_last"))
                .groupBy(col(USER_ID), col(AS_OF))
                .agg(sum("session_ms").divide(3_600_000.0).as("session_hours"), sessionAggs.toArray(Column[]::new));
        Dataset<Row> days = rows.groupBy(col(USER_ID), col(AS_OF), day.as("day")).agg(max(last).as("d_last"))
                .groupBy(col(USER_ID), col(AS_OF))
                .agg(dayAggs.get(0), dayAggs.subList(1, dayAggs.size()).toArray(Column[]::new));
        return sessions.join(days, new String[] {USER_ID, AS_OF});
    }

    /**
     * The aggregates of the issue-13 signal features but the sessions and active days per window, which
     * {@link #sessionsAndDays} counts. (windows, trends, downgrades, device); see {@link #derive}. */
    private static List<Column> signalAggs(Grain g) {
        List<Column> a = new ArrayList<>();
        for (int w : signalWindows()) {
            Column in = g.within().apply(w);
            a.add(sum(when(in, g.events())).as("w_events_" + w));
            a.add(sum(when(in, g.pageCount().apply("NextSong"))).as("w_songs_" + w));
            a.add(sum(when(in, g.exitPages())).as("w_exit_pages_" + w));
            a.add(sum(when(in, g.pageCount().apply("Thumbs Down"))).as("w_thumbs_down_" + w));
            a.add(sum(when(in, g.pageCount().apply("Roll Advert"))).as("w_roll_advert_" + w));
        }
        for (String p : LAST_SEEN_PAGES) {
            a.add(max(g.lastOf().apply(p)).as("last_" + countColumn(p) + "_ts"));
        }
        Column levelWindow = g.within().apply(LEVEL_WINDOW_DAYS);
        a.add(min(when(levelWindow, g.firstPaid())).as("first_paid_window_ts"));
        a.add(max(when(levelWindow, g.lastFree())).as("last_free_window_ts"));
        a.add(max_by(g.device(), g.ts()).as("last_device"));
        return a;
    }

    /**
     * A song's length as an exact decimal: a sum of doubles depends on the order Spark adds the rows in, which
     * depends on the partitioning, so the same events could give features that differ in the last bits.
     */
    private static Column exactLength() {
        return col("length").cast("decimal(18,6)");
    }

    /** An exact sum over a count, as a double; null without rows (as {@code avg}). */
    private static Column mean(Column exactSum, Column n) {
        return when(n.gt(0), exactSum.cast("double").divide(n));
    }

    private static String countColumn(String page) {
        return "n_" + page.toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    private static Column n(String page) {
        return col(countColumn(page)).cast("double");
    }

    private static Dataset<Row> derive(Dataset<Row> j) {
        Column obsDays = greatest(lit(1.0), col(AS_OF).minus(col("first_ts")).divide((double) DAY_MS));
        Column events = col("n_events").cast("double");
        Column sessions = col("n_sessions").cast("double");
        Column songs = n("NextSong");
        List<Column> out = new ArrayList<>();
        out.add(col(USER_ID));
        out.add(col(AS_OF));
        out.add(col("last_male").cast("double").as("gender_male"));
        out.add(col("last_paid").cast("double").as("level_paid"));
        out.add(col(AS_OF).minus(coalesce(col("registration_ts"), col("first_ts"))).divide((double) DAY_MS)
                .as("days_since_registration"));
        out.add(obsDays.as("observed_days"));
        out.add(coalesce(col("avg_len"), lit(0.0)).as("avg_song_length"));
        out.add(sessions.divide(obsDays).as("daily_sessions"));
        out.add(events.divide(obsDays).as("daily_items"));
        out.add(col("session_hours").divide(obsDays).as("daily_session_hours"));
        for (String p : PAGES) {
            out.add(n(p).divide(obsDays).as(dailyPageColumn(p)));
        }
        out.add(n("Thumbs Down").divide(n("Thumbs Up").plus(1.0)).as("thumbs_down_up_ratio"));
        out.add(n("Roll Advert").divide(greatest(songs, lit(1.0))).as("roll_advert_rate"));
        out.add(n("Downgrade").as("downgrade_visits"));
        out.add(n("Settings").plus(n("Save Settings")).as("settings_visits"));
        out.add(n("Error").as("errors"));
        out.add(songs.divide(sessions).as("songs_per_session"));
        out.add(events.divide(sessions).as("items_per_session"));
        out.add(col("n_artists").cast("double").as("distinct_artists"));
        out.add(n("Add Friend").as("friends_added"));
        out.add(col("n_days").cast("double").as("days_active"));
        out.add(col("n_days").cast("double").divide(greatest(lit(1.0), lit(1.0).plus(floor(obsDays)))).as("active_day_share"));
        out.add(col("n_paid").cast("double").divide(events).as("paid_share"));
        out.add(n("Submit Upgrade").plus(n("Submit Downgrade")).as("level_changes"));
        out.add(trend(col("n_last7").cast("double"), events, obsDays, 7).as("trend_7d"));
        out.add(trend(col("n_last14").cast("double"), events, obsDays, 14).as("trend_14d"));
        out.add(col(AS_OF).minus(col("last_ts")).divide((double) DAY_MS).as("recency_days"));
        // Rates over the recent window, or over the whole history when it is shorter.
        Column recentDays = when(obsDays.lt((double) RECENT_DAYS), obsDays).otherwise(lit((double) RECENT_DAYS));
        out.add(col("n_last14").cast("double").divide(recentDays).as("daily_items_14d"));
        out.add(col("n_sessions_recent").cast("double").divide(recentDays).as("daily_sessions_14d"));
        out.add(col("n_days_recent").cast("double").divide(recentDays).as("active_day_share_14d"));
        Column exits = lit(0.0);
        for (String p : EXIT_PAGES) {
            Column c = col(countColumn(p) + "_recent").cast("double");
            out.add(c.divide(recentDays).as(recentPageColumn(p)));
            exits = exits.plus(c);
        }
        out.add(exits.divide(recentDays).as("exit_pages_14d"));
        out.addAll(signalFeatures(obsDays, sessions));
        return j.select(out.toArray(Column[]::new));
    }

    /** Days of a window a user was observable in: the window, or the whole history when shorter (at least 1). */
    private static Column exposureDays(Column obsDays, int days) {
        return least(obsDays, lit((double) days));
    }

    private static Column windowCount(String signal, int days) {
        return coalesce(col("w_" + signal + "_" + days), lit(0L)).cast("double");
    }

    /** The issue-13 groups, in the order of {@link #groups()}. */
    private static List<Column> signalFeatures(Column obsDays, Column sessions) {
        Map<String, Column> f = new LinkedHashMap<>();
        // recent_rates: per day of exposure in the window (the 14-day ones of the base group are the same kind).
        for (int w : RATE_WINDOWS) {
            Column exposure = exposureDays(obsDays, w);
            f.put(windowColumn("daily_sessions", w), windowCount("sessions", w).divide(exposure));
            f.put(windowColumn("daily_items", w), windowCount("events", w).divide(exposure));
            f.put(windowColumn("daily_songs", w), windowCount("songs", w).divide(exposure));
            f.put(windowColumn("active_day_share", w), windowCount("active_days", w).divide(exposure));
            f.put(windowColumn("exit_pages", w), windowCount("exit_pages", w).divide(exposure));
        }
        // Exposure to songs: thumbs down and adverts per song heard (+1 so that a user without songs gets 0, not NaN).
        f.put("thumbs_down_per_song_28d", windowCount("thumbs_down", 28).divide(windowCount("songs", 28).plus(1.0)));
        f.put("roll_advert_per_song_28d", windowCount("roll_advert", 28).divide(windowCount("songs", 28).plus(1.0)));
        // trends: log of (daily rate in the last 7 days + 1/7) / (daily rate in the 28 days before + 1/7): the
        // pseudo-rate of one event a week keeps zero counts finite and "nothing in either" at 0 ("as before"), as
        // is a user without at least one observed day before the last 7.
        int recent = TREND_RECENT_DAYS;
        int total = TREND_RECENT_DAYS + TREND_EARLIER_DAYS;
        Column recentExposure = exposureDays(obsDays, recent);
        Column earlierExposure = least(obsDays.minus((double) recent), lit((double) TREND_EARLIER_DAYS));
        for (String signal : TREND_SIGNALS) {
            Column r = windowCount(signal, recent);
            Column earlier = windowCount(signal, total).minus(r);
            Column logRatio = ln(r.divide(recentExposure).plus(TREND_PSEUDO_RATE))
                    .minus(ln(earlier.divide(earlierExposure).plus(TREND_PSEUDO_RATE)));
            f.put(trendColumn(signal), when(earlierExposure.geq(1.0), logRatio).otherwise(lit(0.0)));
        }
        // recency_gap: days since the last event over the user's mean gap between sessions (the span of their
        // history over the gaps between their sessions; the observed days with a single session), at least 1 hour.
        Column span = col("last_ts").minus(col("first_ts")).divide((double) DAY_MS);
        Column usualGap = when(sessions.geq(2.0), span.divide(sessions.minus(1.0))).otherwise(obsDays);
        Column recency = col(AS_OF).minus(col("last_ts")).divide((double) DAY_MS);
        f.put("recency_gap_ratio", recency.divide(greatest(usualGap, lit(1.0 / 24))));
        // downgrade: days since the last Submit Downgrade / Downgrade page, capped (and set) at the window without
        // one in it; 1 when a paid event is followed by a free one within the window (the user went paid -> free).
        double cap = LEVEL_WINDOW_DAYS;
        f.put("days_since_downgrade", daysSince(col("last_" + countColumn("Submit Downgrade") + "_ts"), cap));
        f.put("days_since_downgrade_page", daysSince(col("last_" + countColumn("Downgrade") + "_ts"), cap));
        f.put("paid_to_free_28d", when(col("first_paid_window_ts").lt(col("last_free_window_ts")), 1.0).otherwise(0.0));
        // device: the families of the latest userAgent, one bit each (deviceBits).
        for (int i = 0; i < DEVICES.size(); i++) {
            f.put("device_" + DEVICES.get(i), when(col("last_device").bitwiseAND(1 << i).notEqual(0), 1.0).otherwise(0.0));
        }

        List<Column> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            if (!group.getKey().equals("base")) {
                group.getValue().forEach(name -> out.add(f.get(name).cast("double").as(name)));
            }
        }
        if (out.size() != NAMES.size() - GROUPS.get("base").size()) {
            throw new IllegalStateException("a signal feature is defined but not listed, or listed but not defined");
        }
        return out;
    }

    /*
     * The event's gender, level and device as numbers, for the aggregates that keep the latest of them (max_by).
     * Why numbers: a string in an aggregate's buffer makes Spark run the whole aggregation, all 60-odd sums of the
     * same groupBy included, as a sort-based aggregation without generated code. With numbers it is a hash
     * aggregation (docs/BENCHMARKS.md: a 16x training 0.93x the time, 0.87x the heap after GC).
     */

    /** 1 for an event of a male user, else 0 ({@code gender_male} of the latest event). */
    private static Column isMale() {
        return when(col("gender").equalTo("M"), 1).otherwise(0);
    }

    /** 1 for an event at level paid, else 0 ({@code level_paid} of the latest event). */
    private static Column isPaid() {
        return when(col("level").equalTo("paid"), 1).otherwise(0);
    }

    /**
     * The device families of a userAgent, bit i for {@code DEVICES.get(i)}; 0 without an agent. iPhone/iPad count as
     * mobile before Mac, since their agents say "like Mac OS X"; Windows is read independently of the others.
     */
    private static Column deviceBits(Column userAgent) {
        Column agent = coalesce(userAgent, lit(""));
        Column mobile = agent.contains("iPhone").or(agent.contains("iPad")).or(agent.contains("Android"));
        Map<String, Column> family = Map.of(
                "windows", agent.contains("Windows"),
                "mac", not(mobile).and(agent.contains("Macintosh")),
                "mobile", mobile,
                "linux", not(mobile).and(agent.contains("Linux").or(agent.contains("X11"))));
        Column bits = lit(0);
        for (int i = 0; i < DEVICES.size(); i++) {
            bits = bits.plus(when(family.get(DEVICES.get(i)), 1 << i).otherwise(0));
        }
        return bits;
    }

    private static Column daysSince(Column lastTs, double cap) {
        return coalesce(least(col(AS_OF).minus(lastTs).divide((double) DAY_MS), lit(cap)), lit(cap));
    }

    /**
     * Recent daily activity against the user's earlier daily activity, (recent + 1) / (earlier + 1) so that
     * quiet users do not produce huge ratios; 1 means "as before" and is used when there is no earlier period.
     */
    private static Column trend(Column recentEvents, Column events, Column obsDays, int days) {
        Column recentRate = recentEvents.divide(greatest(lit(1.0), when(obsDays.lt(days), obsDays).otherwise(lit((double) days))));
        Column earlierDays = obsDays.minus(days);
        Column earlierRate = events.minus(recentEvents).divide(earlierDays);
        return when(earlierDays.lt(1.0), lit(1.0))
                .otherwise(recentRate.plus(1.0).divide(earlierRate.plus(1.0)));
    }
}
