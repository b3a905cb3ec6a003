package io.sparkify.producer.cli;

import io.sparkify.cli.ExitCodes;
import io.sparkify.io.LogInput;
import io.sparkify.model.RejectReason;
import io.sparkify.model.json.EventCodec;
import io.sparkify.validation.LogValidator;
import io.sparkify.validation.ValidationSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sparkify validate FILE}: accounts for every line of a log without sending anything. */
@Command(name = "validate",
        description = {"Check every line of a .json or .json.gz log (gzip detected by content) against the event "
                + "rules and print counts of valid, invalid and blank lines, with the reasons and the first line "
                + "numbers of each.",
                "Exit code 0 when the file could be read, whatever it contains; 2 when it could not."},
        mixinStandardHelpOptions = true)
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ValidationSummary summary;
        try (LogInput input = LogInput.open(file)) {
            summary = new LogValidator(new EventCodec(maxLineBytes)).validate(input);
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        out.println(json ? SummaryJson.toJson(summary) : toText(summary));
        out.flush();
        return ExitCodes.OK;
    }

    static String toText(ValidationSummary s) {
        StringBuilder b = new StringBuilder();
        b.append(s.source()).append(s.gzipped() ? " (gzip)" : "").append('\n');
        b.append(String.format("  lines    %,12d%n", s.lines()));
        b.append(String.format("  valid    %,12d%n", s.valid()));
        b.append(String.format("  invalid  %,12d%n", s.invalid()));
        b.append(String.format("  blank    %,12d", s.blank()));
        for (RejectReason r : RejectReason.values()) {
            long n = s.rejects().count(r);
            if (n > 0) {
                String lines = s.firstLines(r).stream().map(String::valueOf).collect(Collectors.joining(", "));
                b.append(String.format("%n    %-24s %,10d   first at line %s", r.code(), n, lines));
            }
        }
        return b.toString();
    }
}
