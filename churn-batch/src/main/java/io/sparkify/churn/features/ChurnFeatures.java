package io.sparkify.churn.features;

import static io.sparkify.churn.features.ChurnDefinition.DAY_MS;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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

    private static final List<String> NAMES = buildNames();

    private ChurnFeatures() {
    }

    /** The feature columns, in the order the models' vector uses. */
    public static List<String> names() {
        return NAMES;
    }

    /** {@code "Thumbs Up"} -> {@code daily_thumbs_up}. */
    public static String dailyPageColumn(String page) {
        return "daily_" + page.toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    private static List<String> buildNames() {
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
                        col("registration"), col("length"), col("artist"))
                .join(asOf.select(col(USER_ID), col(AS_OF)), USER_ID)
                .filter(col("ts").lt(col(AS_OF)));

        Column asOfCol = col(AS_OF);
        List<Column> aggs = new ArrayList<>(List.of(
                min("ts").as("first_ts"), max("ts").as("last_ts"), count(lit(1)).as("n_events"),
                count_distinct(col("sessionId")).as("n_sessions"),
                mean(sum(when(col("page").equalTo("NextSong"), exactLength())),
                        count(when(col("page").equalTo("NextSong"), col("length")))).as("avg_len"),
                count_distinct(when(col("page").equalTo("NextSong"), col("artist"))).as("n_artists"),
                max_by(col("gender"), col("ts")).as("last_gender"),
                max_by(col("level"), col("ts")).as("last_level"),
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
        Dataset<Row> perUser = e.groupBy(col(USER_ID), col(AS_OF))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));

        // Sessions are keyed by (userId, sessionId): ids repeat across users.
        Dataset<Row> sessionHours = e.groupBy(col(USER_ID), col(AS_OF), col("sessionId"))
                .agg(max("ts").minus(min("ts")).as("session_ms"))
                .groupBy(col(USER_ID), col(AS_OF))
                .agg(sum("session_ms").divide(3_600_000.0).as("session_hours"));

        Dataset<Row> j = perUser.join(sessionHours, new String[] {USER_ID, AS_OF});
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
     * unit is either wholly before it or wholly after, and the 7- and 14-day windows are whole days too: aggregating
     * units gives exactly what aggregating their events gives. {@code ChurnFeaturesAtMidnightsTest} compares both paths.
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
                max_by(col("gender"), col("ts")).as("u_gender"),
                max_by(col("level"), col("ts")).as("u_level"),
                max("registration").as("u_registration"),
                sum(when(col("level").equalTo("paid"), 1).otherwise(0)).as("u_paid")));
        for (String p : PAGES) {
            unitAggs.add(sum(when(col("page").equalTo(p), 1).otherwise(0)).as("u_" + countColumn(p)));
        }
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
                count_distinct(col("sessionId")).as("n_sessions"),
                mean(sum("u_len_sum"), sum("u_len_n")).as("avg_len"),
                max_by(col("u_gender"), col("u_last")).as("last_gender"),
                max_by(col("u_level"), col("u_last")).as("last_level"),
                max("u_registration").as("registration_ts"),
                sum("u_paid").as("n_paid"),
                count_distinct(col("day")).as("n_days"),
                sum(when(last7, col("u_events")).otherwise(0)).as("n_last7"),
                sum(when(last14, col("u_events")).otherwise(0)).as("n_last14")));
        for (String p : PAGES) {
            aggs.add(sum("u_" + countColumn(p)).as(countColumn(p)));
        }
        aggs.add(count_distinct(when(recent, col("sessionId"))).as("n_sessions_recent"));
        aggs.add(count_distinct(when(recent, col("day"))).as("n_days_recent"));
        for (String p : EXIT_PAGES) {
            aggs.add(sum(when(recent, col("u_" + countColumn(p))).otherwise(0)).as(countColumn(p) + "_recent"));
        }
        Dataset<Row> perUser = u.groupBy(col(USER_ID), col(AS_OF))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));

        Dataset<Row> sessionHours = u.groupBy(col(USER_ID), col(AS_OF), col("sessionId"))
                .agg(max("u_last").minus(min("u_first")).as("session_ms"))
                .groupBy(col(USER_ID), col(AS_OF))
                .agg(sum("session_ms").divide(3_600_000.0).as("session_hours"));

        // Distinct artists: each (user, artist) once, with the day of its first play.
        Dataset<Row> artists = usable.filter(col("page").equalTo("NextSong").and(col("artist").isNotNull()))
                .groupBy(col(USER_ID), col("artist")).agg(min(day).as("first_day"))
                .join(asOf.select(col(USER_ID), col(AS_OF)), USER_ID)
                .filter(col("first_day").lt(asOfDay))
                .groupBy(col(USER_ID), col(AS_OF)).agg(count(lit(1)).as("n_artists"));

        Dataset<Row> j = perUser.join(sessionHours, new String[] {USER_ID, AS_OF})
                .join(artists, new String[] {USER_ID, AS_OF}, "left")
                .withColumn("n_artists", coalesce(col("n_artists"), lit(0L)));
        return derive(j);
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
        out.add(when(col("last_gender").equalTo("M"), 1.0).otherwise(0.0).as("gender_male"));
        out.add(when(col("last_level").equalTo("paid"), 1.0).otherwise(0.0).as("level_paid"));
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
        return j.select(out.toArray(Column[]::new));
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
