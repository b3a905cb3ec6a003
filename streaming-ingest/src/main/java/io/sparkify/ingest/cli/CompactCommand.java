package io.sparkify.ingest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkify.cli.DurationConverter;
import io.sparkify.cli.ExitCodes;
import io.sparkify.cli.UserException;
import io.sparkify.ingest.compact.CompactionResult;
import io.sparkify.ingest.compact.CompactionSettings;
import io.sparkify.ingest.compact.LakeCompactor;
import io.sparkify.lake.LakeLayout;
import io.sparkify.spark.SparkSessions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify compact --date D}: one day of the lake into few files, readers unaffected. */
@Command(name = "compact",
        description = {"Rewrite one day of the lake (events of that event_date, quarantine of that ingest_date) "
                + "into few files, while the ingest job and readers keep running: rows are checked equal before "
                + "the switch, and the switch is one atomic update of the table's _spark_metadata log.",
                "Files of the day listed one per sink-log batch file (written since the ingest job's last log "
                + "compaction) cannot be merged atomically; they are left, and the output says so and when to run again.",
                "Exit codes: 0 done, 1 failed (nothing visible changed), 2 bad usage, 4 another compaction runs."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class CompactCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lake", paramLabel = "URI", description = "Lake root. Default: conf lake.uri.")
    String lake;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The day to compact.")
    String date;

    @Option(names = "--target-file-mb", paramLabel = "MB", description = "Input megabytes per rewritten file. Default: ${DEFAULT-VALUE}.")
    long targetFileMb = CompactionSettings.DEFAULT_TARGET_FILE_BYTES >> 20;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s", description = "How long replaced files stay for scans that started before the switch. Default: ${DEFAULT-VALUE}.")
    Duration grace;

    @Option(names = "--master", description = "Spark master when run from the launcher. Default: conf spark.master.")
    String master;

    @Option(names = "--json", description = "Print one JSON object instead of a line per table.")
    boolean json;

    @Override
    public Integer call() {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new UserException(ExitCodes.USAGE, "--date must be YYYY-MM-DD, not '" + date + "'");
        }
        CompactionSettings settings = new CompactionSettings(new LakeLayout(LakeUris.qualify(lake)), day, targetFileMb << 20, grace);
        var results = new LakeCompactor(SparkSessions.create("sparkify-compact", master), settings).run();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(settings, results));
        } else {
            for (CompactionResult r : results) {
                out.printf("compact %s %s: %d files -> %d (%,d rows rewritten)%s%n", r.table(), day, r.filesBefore(),
                        r.filesAfter(), r.rows(), r.note().isEmpty() ? "" : "; " + r.note());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code {"lake":..,"date":..,"tables":[{"table","files_before","files_after","rows_rewritten","files_left","note"}]}} */
    static String toJson(CompactionSettings settings, List<CompactionResult> results) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("lake", settings.lake().root());
        root.put("date", settings.date().toString());
        ArrayNode tables = root.putArray("tables");
        for (CompactionResult r : results) {
            ObjectNode t = tables.addObject();
            t.put("table", r.table());
            t.put("files_before", r.filesBefore());
            t.put("files_after", r.filesAfter());
            t.put("rows_rewritten", r.rows());
            t.put("files_left", r.filesLeft());
            t.put("note", r.note());
        }
        return root.toString();
    }
}
