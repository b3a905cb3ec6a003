package io.sparkify.churn.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for metrics.json and the {@code --json} summaries. Non-finite numbers (an AUC of a test set with one
 * class) are written as {@code null}: JSON has no NaN.
 */
public final class JsonFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFiles() {
    }

    public static String pretty(Object value) {
        return write(value, true);
    }

    public static String compact(Object value) {
        return write(value, false);
    }

    private static String write(Object value, boolean pretty) {
        try {
            return (pretty ? MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT) : MAPPER)
                    .writeValueAsString(sanitize(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object sanitize(Object v) {
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : d;
        }
        if (v instanceof double[] a) {
            List<Object> out = new ArrayList<>();
            for (double d : a) {
                out.add(sanitize(d));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, sanitize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(sanitize(x)));
            return out;
        }
        return v;
    }
}
