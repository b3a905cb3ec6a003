package io.sparkify.producer.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sparkify.producer.replay.ReplaySummary;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The `produce` summary, as text for people or as the one `--json` object for scripts. */
final class ReplaySummaryFormat {

    private static final JsonFactory JSON = new JsonFactory();

    private ReplaySummaryFormat() {
    }

    static String toJson(ReplaySummary s) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("file", s.input());
            g.writeStringField("topic", s.topic());
            g.writeBooleanField("topic_created", s.topicCreated());
            g.writeNumberField("skipped", s.skipped());
            g.writeNumberField("read", s.read());
            g.writeNumberField("sent", s.sent());
            g.writeNumberField("rejected", s.rejected());
            g.writeNumberField("blank", s.blank());
            g.writeNumberField("failed", s.failed());
            g.writeNumberField("elapsed_s", round(s.elapsedSeconds(), 3));
            g.writeNumberField("msgs_per_s", round(s.messagesPerSecond(), 1));
            g.writeNumberField("mb_per_s", round(s.megabytesPerSecond(), 2));
            g.writeNumberField("value_bytes", s.valueBytes());
            g.writeObjectFieldStart("reasons");
            for (Map.Entry<String, Long> e : s.reasons().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("rejects_file", s.rejectsFile().toString());
            g.writeBooleanField("interrupted", s.interrupted());
            writeOptional(g, "first_failure", s.firstFailure());
            writeOptional(g, "read_error", s.readError());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void writeOptional(JsonGenerator g, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(field, value.get());
        } else {
            g.writeNullField(field);
        }
    }

    static String toText(ReplaySummary s) {
        StringBuilder b = new StringBuilder();
        b.append(s.input()).append(" -> topic ").append(s.topic()).append(s.topicCreated() ? " (created)" : "");
        if (s.interrupted()) {
            b.append(String.format(Locale.ROOT, "%n  stopped on request after line %,d; everything read was flushed",
                    s.skipped() + s.read()));
        }
        if (s.skipped() > 0) {
            b.append(String.format(Locale.ROOT, "%n  skipped   %,12d lines", s.skipped()));
        }
        b.append(String.format(Locale.ROOT, "%n  read      %,12d lines", s.read()));
        b.append(String.format(Locale.ROOT, "%n  sent      %,12d", s.sent()));
        b.append(String.format(Locale.ROOT, "%n  rejected  %,12d", s.rejected()));
        s.reasons().forEach((reason, n) -> b.append(String.format(Locale.ROOT, "%n    %-24s %,10d", reason, n)));
        b.append(String.format(Locale.ROOT, "%n  blank     %,12d", s.blank()));
        b.append(String.format(Locale.ROOT, "%n  failed    %,12d", s.failed()));
        b.append(String.format(Locale.ROOT, "%n  elapsed   %12.1f s", s.elapsedSeconds()));
        b.append(String.format(Locale.ROOT, "%n  rate      %,12.0f msgs/s  %.1f MB/s", s.messagesPerSecond(), s.megabytesPerSecond()));
        if (s.rejected() > 0 || s.failed() > 0) {
            b.append("\n  rejected lines and failed deliveries are listed in ").append(s.rejectsFile());
        }
        s.firstFailure().ifPresent(f -> b.append("\n  first delivery failure: ").append(f));
        s.readError().ifPresent(e -> b.append("\n  read error: ").append(e).append("; the counts above are the lines before it"));
        return b.toString();
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
