package io.sparkify.churn.train;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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

    private record Event(String user, long session, String gender, String level, long registration) {

        String line(long ts, int item, String page, String auth) {
            return String.format(Locale.ROOT, "{\"ts\":%d,\"userId\":\"%s\",\"sessionId\":%d,\"page\":\"%s\",\"auth\":\"%s\","
                            + "\"method\":\"GET\",\"status\":200,\"level\":\"%s\",\"itemInSession\":%d,"
                            + "\"location\":\"Phoenix-Mesa-Scottsdale, AZ\",\"userAgent\":\"Mozilla/5.0 (Windows NT 6.1; "
                            + "WOW64; rv:31.0) Gecko/20100101 Firefox/31.0\",\"lastName\":\"Webb\",\"firstName\":\"Laila\","
                            + "\"registration\":%d,\"gender\":\"%s\"}%n",
                    ts, user, session, page, auth, level, item, registration, gender);
        }

        String song(long ts, int item, int n) {
            return String.format(Locale.ROOT, "{\"ts\":%d,\"userId\":\"%s\",\"sessionId\":%d,\"page\":\"NextSong\","
                            + "\"auth\":\"Logged In\",\"method\":\"PUT\",\"status\":200,\"level\":\"%s\",\"itemInSession\":%d,"
                            + "\"location\":\"Phoenix-Mesa-Scottsdale, AZ\",\"userAgent\":\"Mozilla/5.0 (Windows NT 6.1; "
                            + "WOW64; rv:31.0) Gecko/20100101 Firefox/31.0\",\"lastName\":\"Webb\",\"firstName\":\"Laila\","
                            + "\"registration\":%d,\"gender\":\"%s\",\"artist\":\"Artist %d\",\"song\":\"Song %d\","
                            + "\"length\":200.0}%n",
                    ts, user, session, level, item, registration, gender, n % 10, n);
        }
    }
}
