import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Scales a Sparkify log by cloning its users: every line is written FACTOR times, copy k with the userId
 * suffixed "-k" (copy 0 keeps the original ids; empty userIds stay empty). Timestamps and everything else are
 * unchanged, so the output stays sorted by ts and each clone behaves like its original.
 *
 * Usage: java bench/churn/ScaleUsers.java IN.json.gz FACTOR OUT.json.gz
 */
public final class ScaleUsers {

    private static final Pattern USER_ID = Pattern.compile("\"userId\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java ScaleUsers.java IN.json.gz FACTOR OUT.json.gz");
            System.exit(2);
        }
        int factor = Integer.parseInt(args[1]);
        long lines = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                     new GZIPInputStream(Files.newInputStream(Path.of(args[0])), 1 << 16), StandardCharsets.UTF_8));
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                     new GZIPOutputStream(Files.newOutputStream(Path.of(args[2])), 1 << 16), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = USER_ID.matcher(line);
                boolean hasUser = m.find();
                for (int k = 0; k < factor; k++) {
                    if (k == 0 || !hasUser) {
                        out.write(line);
                    } else {
                        out.write(line, 0, m.end(1));
                        out.write("-" + k);
                        out.write(line, m.end(1), line.length() - m.end(1));
                    }
                    out.write('\n');
                    lines++;
                }
            }
        }
        System.err.printf("wrote %,d lines to %s%n", lines, args[2]);
    }
}
