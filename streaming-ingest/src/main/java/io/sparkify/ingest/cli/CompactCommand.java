package io.sparkify.ingest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkify.cli.ExitCodes;
import io.sparkify.error.InvalidInputException;
import io.sparkify.ingest.compact.CompactionResult;
import io.sparkify.ingest.compact.CompactionSettings;
import io.sparkify.ingest.compact.LakeCompactor;
import io.sparkify.lake.LakeLayout;
import io.sparkify.spark.SparkSessions;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify compact}: Delta's OPTIMIZE over a day, a range of days or the whole lake. */
@Command(name = "compact",
        description = {"Compact the lake's Delta tables with Delta's OPTIMIZE: the many small files of the streaming "
                + "ingest (one per day and micro-batch) are rewritten into files of about --target-file-mb, in one "
                + "commit, while the ingest keeps writing. Events of an event_date, quarantine of an ingest_date.",
                "Readers see the same rows before and after; a reader pinned to an earlier version still reads it "
                + "until vacuum removes the replaced files (after the retention).",
                "Exit codes: 0 done, 1 failed (nothing visible changed), 2 bad usage."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class CompactCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lake", paramLabel = "URI", description = "Lake root. Default: conf lake.uri.")
    String lake;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Days days;

    static final class Days {
        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "One day.")
        String date;

        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day of a range (with --to, or alone: to the end).")
        String from;

        @Option(names = "--all", description = "Every day.")
        boolean all;
    }

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last day of the --from range, inclusive.")
    String to;

    @Option(names = "--zorder-by-user", description = "Also cluster the events by userId (OPTIMIZE ... ZORDER BY), so reads of a few users skip most files; rewrites every file of the days.")
    boolean zOrder;

    @Option(names = "--target-file-mb", paramLabel = "MB", description = "Size of the rewritten files. Default: ${DEFAULT-VALUE}.")
    long targetFileMb = CompactionSettings.DEFAULT_TARGET_FILE_BYTES >> 20;

    @Option(names = "--master", description = "Spark master when run from the launcher. Default: conf spark.master.")
    String master;

    @Option(names = "--json", description = "Print one JSON object instead of a line per table.")
    boolean json;

    @Override
    public Integer call() {
        CompactionSettings settings;
        try {
            LocalDate first = days.all ? null : day(days.date != null ? days.date : days.from, days.date != null ? "--date" : "--from");
            LocalDate last = days.date != null ? first : to == null ? null : day(to, "--to");
            if (to != null && days.from == null) {
                throw new InvalidInputException("--to goes with --from");
            }
            if (targetFileMb <= 0) {
                throw new InvalidInputException("--target-file-mb must be positive");
            }
            settings = new CompactionSettings(new LakeLayout(LakeUris.qualify(lake)), first, last, targetFileMb << 20, zOrder);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        List<CompactionResult> results = new LakeCompactor(SparkSessions.create("sparkify-compact", master), settings).run();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(settings, results));
        } else {
            for (CompactionResult r : results) {
                out.printf("compact %s %s: %d files -> %d%s (version %d -> %d)%n", r.table(), settings.describe(),
                        r.filesRemoved(), r.filesAdded(), r.zOrdered() ? ", z-ordered by userId" : "",
                        r.versionBefore(), r.versionAfter());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static LocalDate day(String text, String option) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(option + " must be YYYY-MM-DD, not '" + text + "'");
        }
    }

    /**
     * {@code {"lake":..,"days":..,"tables":[{"table","files_removed","files_added","version_before","version_after","zordered"}]}}.
     */
    static String toJson(CompactionSettings settings, List<CompactionResult> results) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("lake", settings.lake().root());
        root.put("days", settings.describe());
        ArrayNode tables = root.putArray("tables");
        for (CompactionResult r : results) {
            ObjectNode t = tables.addObject();
            t.put("table", r.table());
            t.put("files_removed", r.filesRemoved());
            t.put("files_added", r.filesAdded());
            t.put("version_before", r.versionBefore());
            t.put("version_after", r.versionAfter());
            t.put("zordered", r.zOrdered());
        }
        return root.toString();
    }
}
