package io.sparkify.producer.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sparkify.model.RejectReason;
import io.sparkify.validation.ValidationSummary;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The `validate --json` object: {@code {"file","lines","valid","invalid","blank","reasons":{..},
 * "first_lines":{reason:[..]},"first_details":{reason:{"line":N,"detail":".."}}}}.
 */
final class SummaryJson {

    private static final JsonFactory JSON = new JsonFactory();

    private SummaryJson() {
    }

    static String toJson(ValidationSummary s) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("file", s.source());
            g.writeNumberField("lines", s.lines());
            g.writeNumberField("valid", s.valid());
            g.writeNumberField("invalid", s.invalid());
            g.writeNumberField("blank", s.blank());
            g.writeObjectFieldStart("reasons");
            for (Map.Entry<String, Long> e : s.reasons().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("first_lines");
            for (RejectReason r : RejectReason.values()) {
                List<Long> lines = s.firstLines(r);
                if (!lines.isEmpty()) {
                    g.writeArrayFieldStart(r.code());
                    for (long n : lines) {
                        g.writeNumber(n);
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("first_details");
            for (RejectReason r : RejectReason.values()) {
                List<Long> lines = s.firstLines(r);
                if (!lines.isEmpty()) {
                    g.writeObjectFieldStart(r.code());
                    g.writeNumberField("line", lines.get(0));
                    g.writeStringField("detail", s.firstDetail(r));
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
