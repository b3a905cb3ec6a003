package io.sparkify.producer.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The record of every line a replay did not deliver, one tab-separated row each:
 * {@code line  reason  detail  text}. {@code line} is the 1-based line number in the input,
 * {@code reason} a {@link io.sparkify.model.RejectReason} code or {@code delivery_failed},
 * {@code text} the start of the line (tabs, newlines and backslashes escaped). Thread-safe:
 * delivery failures arrive on the Kafka client's thread.
 */
public final class RejectsFile implements AutoCloseable {

    public static final String HEADER = "line\treason\tdetail\ttext";
    public static final String DELIVERY_FAILED = "delivery_failed";
    /** Enough of a line to recognise it; the input file has the rest. */
    static final int MAX_TEXT_CHARS = 1000;

    private final Path path;
    private final BufferedWriter out;

    private RejectsFile(Path path, BufferedWriter out) {
        this.path = path;
        this.out = out;
    }

    /** Creates (or truncates) the file and writes the header, so an empty table means "nothing rejected this run". */
    public static RejectsFile create(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        w.write(HEADER);
        w.newLine();
        return new RejectsFile(path, w);
    }

    public Path path() {
        return path;
    }

    public synchronized void write(long line, String reason, String detail, byte[] text, int offset, int length) {
        try {
            out.write(Long.toString(line));
            out.write('\t');
            out.write(reason);
            out.write('\t');
            out.write(escape(detail == null ? "" : detail));
            out.write('\t');
            if (text != null) {
                String s = new String(text, offset, Math.min(length, MAX_TEXT_CHARS * 4), StandardCharsets.UTF_8);
                out.write(escape(s.length() > MAX_TEXT_CHARS ? s.substring(0, MAX_TEXT_CHARS) : s));
            }
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejects file " + path, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\\' -> "\\\\";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
