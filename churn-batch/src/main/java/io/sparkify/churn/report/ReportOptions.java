package io.sparkify.churn.report;

/**
 * What to report on and where to write it.
 *
 * @param input a JSON log or the lake (any Hadoop URI)
 * @param models the model registry, or null for a report without the model section
 * @param out the HTML file to write (any Hadoop URI; a plain path is local)
 * @param modelsRequired true when the user named the registry: then it must hold a model; a configured
 *     default registry without models just leaves the model section out
 */
public record ReportOptions(String input, String models, String out, boolean modelsRequired) {

    public ReportOptions {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("input is empty");
        }
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("out is empty");
        }
    }
}
