package io.sparkify.churn.train;

import io.sparkify.model.SparkifyEvent;
import io.sparkify.model.json.EventCodec;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A synthetic Sparkify log in which churn risk is planted in one behaviour that the activity rule cannot see:
 * a user's share of songs followed by a Thumbs Down. Everyone's session rate is drawn independently of that risk,
 * so "sessions per day" ranks churners no better than chance, while a model on the base features can find them.
 * Two months (2018-10-01 to 2018-12-01, as the samples), full records in the samples' JSON shape, seeded.
 */
final class PlantedRiskLog {

    static final long START = 1_538_352_000_000L; // 2018-10-01T00:00:00Z
    static final int DAYS = 61;
    private static final long DAY = 86_400_000L;

    private PlantedRiskLog() {
    }

    /**
     * @param users how many users (a share of them risky: a Thumbs Down after 30% of their songs and a 3% chance
     *        to cancel each day, against 3% of songs and 0.2% a day for the others)
     */
    static Path write(Path file, int users, long seed) throws IOException {
        Random r = new Random(seed);
        long session = 0;
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
            for (int u = 0; u < users; u++) {
                String id = String.valueOf(100_000 + u);
                boolean risky = r.nextDouble() < 0.4;
                double thumbsDown = risky ? 0.30 : 0.03;
                double hazard = risky ? 0.03 : 0.002;
                double sessionsPerDay = 0.3 + 0.6 * r.nextDouble();
                String gender = r.nextBoolean() ? "F" : "M";
                String level = r.nextDouble() < 0.3 ? "paid" : "free";
                long registration = START - (1 + r.nextInt(60)) * DAY;
                int firstDay = r.nextInt(5);
                for (int day = firstDay; day < DAYS; day++) {
                    boolean cancels = day > firstDay && r.nextDouble() < hazard;
                    if (!cancels && r.nextDouble() >= sessionsPerDay) {
                        continue;
                    }
                    session++;
                    long ts = START + day * DAY + (8 + r.nextInt(12)) * 3_600_000L;
                    int item = 0;
                    Event e = new Event(id, session, gender, level, registration);
                    w.write(e.line(ts, item++, "Home", "Logged In"));
                    int songs = 3 + r.nextInt(5);
                    for (int s = 0; s < songs; s++) {
                        ts += 200_000L;
                        w.write(e.song(ts, item++, r.nextInt(50)));
                        if (r.nextDouble() < thumbsDown) {
                            ts += 5_000L;
                            w.write(e.line(ts, item++, "Thumbs Down", "Logged In"));
                        }
                        if (r.nextDouble() < 0.10) {
                            ts += 5_000L;
                            w.write(e.line(ts, item++, "Thumbs Up", "Logged In"));
                        }
                    }
                    if (cancels) {
                        w.write(e.line(ts + 10_000L, item++, "Cancel", "Logged In"));
                        w.write(e.line(ts + 20_000L, item, "Cancellation Confirmation", "Cancelled"));
                        break;
                    }
                }
            }
        }
        return file;
    }

    /** One user's session: each line encoded by the project's codec, as the producer and the samples have them. */
    private record Event(String user, long session, String gender, String level, long registration) {

        private static final EventCodec CODEC = new EventCodec();
        private static final String AGENT = "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0";

        String line(long ts, int item, String page, String auth) {
            return encode(ts, item, page, auth, "GET", null, null, null);
        }

        String song(long ts, int item, int n) {
            return encode(ts, item, "NextSong", "Logged In", "PUT", "Artist " + (n % 10), "Song " + n, 200.0);
        }

        private String encode(long ts, int item, String page, String auth, String method, String artist, String song,
                              Double length) {
            return CODEC.encodeToString(new SparkifyEvent(ts, user, session, page, auth, method, 200, level, item,
                    "Phoenix-Mesa-Scottsdale, AZ", AGENT, "Webb", "Laila", registration, gender, artist, song, length))
                    + System.lineSeparator();
        }
    }
}
