package io.sparkify.producer;

import io.sparkify.io.LineReader;
import io.sparkify.io.LogInput;
import io.sparkify.model.json.EventCodec;
import io.sparkify.testsupport.SampleData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Real lines from the small sample, for tests that build their own input files. */
public final class SampleLines {

    private SampleLines() {
    }

    /** The first {@code n} lines of {@code data/sparkify-events-100u.json.gz}, as they are. */
    public static List<String> first(int n) throws IOException {
        List<String> out = new ArrayList<>();
        try (LogInput in = LogInput.open(SampleData.small().toString())) {
            LineReader r = in.lines(EventCodec.DEFAULT_MAX_LINE_BYTES);
            while (out.size() < n && r.next()) {
                out.add(new String(r.copy(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
