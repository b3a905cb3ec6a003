package io.sparkify.ingest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkify.cli.ExitCodes;
import io.sparkify.ingest.maintenance.LakeVacuum;
import io.sparkify.lake.LakeLayout;
import io.sparkify.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify vacuum --retain HOURS}: Delta's VACUUM on both tables. */
@Command(name = "vacuum",
        description = {"Delete the lake's files that no table version of the retention period needs: files replaced "
                + "by compact, and files of micro-batches that were killed before their commit. Versions older than "
                + "the retention can no longer be read (time travel, train --as-of-version).",
                "Exit codes: 0 done, 1 failed, 2 bad usage (e.g. a retention below the table's without --allow-short-retention)."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class VacuumCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lake", paramLabel = "URI", description = "Lake root. Default: conf lake.uri.")
    String lake;

    @Option(names = "--retain", paramLabel = "HOURS", description = "Keep what versions of the last HOURS need. Default: the table's delta.deletedFileRetentionDuration (7 days as the ingest creates it).")
    Double retainHours;

    @Option(names = "--allow-short-retention", description = "Accept a --retain below the table's delta.deletedFileRetentionDuration: only when no reader or stream is on an older version.")
    boolean allowShortRetention;

    @Option(names = "--master", description = "Spark master when run from the launcher. Default: conf spark.master.")
    String master;

    @Option(names = "--json", description = "Print one JSON object instead of a line per table.")
    boolean json;

    @Override
    public Integer call() {
        LakeLayout layout = new LakeLayout(LakeUris.qualify(lake));
        List<LakeVacuum.Result> results = new LakeVacuum(SparkSessions.create("sparkify-vacuum", master))
                .run(layout, retainHours, allowShortRetention);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("lake", layout.root());
            if (retainHours != null) {
                root.put("retain_hours", retainHours);
            } else {
                root.putNull("retain_hours");
            }
            ObjectNode tables = root.putObject("files_deleted");
            results.forEach(r -> tables.put(r.table(), r.filesDeleted()));
            out.println(root);
        } else {
            for (LakeVacuum.Result r : results) {
                out.println(r.filesDeleted() < 0 ? "vacuum " + r.table() + ": no table"
                        : "vacuum " + r.table() + ": " + r.filesDeleted() + " files deleted");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
