package io.sparkify.producer.cli;

import io.sparkify.cli.ExitCodes;
import io.sparkify.io.LogInput;
import io.sparkify.model.RejectReason;
import io.sparkify.model.json.EventCodec;
import io.sparkify.validation.LogValidator;
import io.sparkify.validation.ValidationSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparkify validate FILE}: accounts for every line of a log without sending anything. */
@Command(name = "validate",
        description = {"Check every line of a .json or .json.gz log (gzip detected by content) against the event "
                + "rules and print counts of valid, invalid and blank lines, with the reasons, the first line "
                + "numbers of each and what was wrong with the first one.",
                "Exit codes: 0 the file could be read, whatever it contains; 2 bad usage, or the file could not be "
                        + "read (missing, unreadable, a gzip cut short)."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The log to check; '-' reads standard input.")
    String file;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--max-line-bytes", paramLabel = "N",
            description = "Lines longer than this are invalid (line_too_long). Default: ${DEFAULT-VALUE}.")
    int maxLineBytes = EventCodec.DEFAULT_MAX_LINE_BYTES;

    /** What {@code -} reads; tests give their own stream. */
    private final InputStream stdin;

    ValidateCommand() {
        this(System.in);
    }

    ValidateCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        if (maxLineBytes <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-line-bytes must be positive, not " + maxLineBytes);
        }
        PrintWriter out = spec.commandLine().getOut();
        ValidationSummary summary;
        try (LogInput input = LogInput.open(file, stdin)) {
            summary = new LogValidator(new EventCodec(maxLineBytes)).validate(input);
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        out.println(json ? SummaryJson.toJson(summary) : toText(summary));
        out.flush();
        return ExitCodes.OK;
    }

    static String toText(ValidationSummary s) {
        StringBuilder b = new StringBuilder();
        b.append(s.source()).append(s.gzipped() ? " (gzip)" : "").append('\n');
        b.append(String.format(Locale.ROOT, "  lines    %,12d%n", s.lines()));
        b.append(String.format(Locale.ROOT, "  valid    %,12d%n", s.valid()));
        b.append(String.format(Locale.ROOT, "  invalid  %,12d%n", s.invalid()));
        b.append(String.format(Locale.ROOT, "  blank    %,12d", s.blank()));
        for (RejectReason r : RejectReason.values()) {
            long n = s.rejects().count(r);
            if (n > 0) {
                String lines = s.firstLines(r).stream().map(String::valueOf).collect(Collectors.joining(", "));
                b.append(String.format(Locale.ROOT, "%n    %-24s %,10d   first at line %s", r.code(), n, lines));
                String detail = s.firstDetail(r);
                if (detail != null) {
                    b.append(String.format(Locale.ROOT, "%n      line %d: %s", s.firstLines(r).get(0), detail));
                }
            }
        }
        return b.toString();
    }
}
