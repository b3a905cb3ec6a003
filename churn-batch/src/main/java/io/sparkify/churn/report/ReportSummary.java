package io.sparkify.churn.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code report} wrote: printed as text or, with {@code --json}, as one JSON object. */
public record ReportSummary(String out, long bytes, int charts, long users, long churnedUsers, String modelVersion) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("out", out);
        m.put("bytes", bytes);
        m.put("charts", charts);
        m.put("users", users);
        m.put("churned_users", churnedUsers);
        m.put("model_version", modelVersion);
        return m;
    }

    public String describe() {
        return String.format("wrote %s (%,d bytes): %d charts, %,d users, %,d churned%s", out, bytes, charts, users,
                churnedUsers, modelVersion == null ? ", no model section" : ", model " + modelVersion);
    }
}
