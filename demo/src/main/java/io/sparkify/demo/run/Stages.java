package io.sparkify.demo.run;

import io.sparkify.error.OperationFailedException;
import io.sparkify.error.SparkifyException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs the demo's stages in order and tells the user where it is: a line when a stage starts and
 * one when it ends ({@code [3/6] ingest ok 12.4s: ...}), on stderr so that stdout carries only
 * the summary. A stage that throws ends the run with an error naming the stage and the cause, of
 * the kind the stage's own failure was (bad input, broker unreachable, registry locked: the first
 * {@link SparkifyException} in its cause chain), else an {@link OperationFailedException}.
 */
public final class Stages {

    /** A stage body; may throw anything, which is reported as the stage's cause. */
    @FunctionalInterface
    public interface Body<T> {
        T run() throws Exception;
    }

    /** How long a finished stage took. */
    public record Timing(String name, double seconds) {
    }

    private final PrintWriter out;
    private final int total;
    private final List<Timing> timings = new ArrayList<>();
    private int current;

    public Stages(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
    }

    /**
     * Runs the next stage.
     *
     * @param detail one line about the stage's result, shown after "ok"
     * @throws SparkifyException naming the stage when the body fails, of the kind of the body's own
     *     failure ({@link #failure}), else an {@link OperationFailedException}
     */
    public <T> T run(String name, String doing, Body<T> body, Function<T, String> detail) {
        current++;
        String tag = "[" + current + "/" + total + "] " + name;
        out.println(tag + " ... " + doing);
        out.flush();
        long start = System.nanoTime();
        T result;
        try {
            result = body.run();
        } catch (Exception e) {
            double s = seconds(start);
            String cause = describe(e);
            out.printf(Locale.ROOT, "%s FAILED after %.1fs: %s%n", tag, s, cause);
            out.flush();
            throw failure("demo failed at stage " + current + "/" + total + " (" + name + "): " + cause, e);
        }
        double s = seconds(start);
        timings.add(new Timing(name, s));
        String d = detail.apply(result);
        out.printf(Locale.ROOT, "%s ok %.1fs%s%n", tag, s, d == null || d.isEmpty() ? "" : ": " + d);
        out.flush();
        return result;
    }

    public List<Timing> timings() {
        return List.copyOf(timings);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * The stage's failure in {@code message}'s words, keeping the stage's own verdict when it gave one
     * (bad input, broker unreachable, registry locked), else a plain failure.
     */
    static SparkifyException failure(String message, Throwable e) {
        SparkifyException own = SparkifyException.find(e);
        return own != null ? own.reword(message, e) : new OperationFailedException(message, e);
    }

    /** The most telling message in a cause chain: a {@link SparkifyException}'s own, else the root cause's. */
    static String describe(Throwable e) {
        SparkifyException own = SparkifyException.find(e);
        if (own != null) {
            return own.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = e.getMessage() == null ? e.toString() : e.getMessage();
        if (root == e || root.getMessage() == null || top.contains(root.getMessage())) {
            return top;
        }
        return top + " (cause: " + root + ")";
    }
}
