package io.sparkify.ingest.stream;

import io.sparkify.cli.ExitCodes;
import io.sparkify.cli.UserException;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to start a query whose checkpoint does not belong to its table. Spark's file sink
 * skips every batch id at or below the latest one in the table's {@code _spark_metadata} log, so a
 * new (or older) checkpoint against an existing table would silently drop its first batches;
 * and a checkpoint whose table is gone (or newer than the table) would resume past records the
 * table never got. Both are configuration errors ({@link ExitCodes#USAGE}), found before anything runs.
 */
final class CheckpointGuard {

    private CheckpointGuard() {
    }

    static void check(List<QueryState> queries) {
        List<String> problems = new ArrayList<>();
        for (QueryState q : queries) {
            String problem = problem(q);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new UserException(ExitCodes.USAGE, String.join("; ", problems)
                    + ". Nothing was started. Use the checkpoint that wrote this lake (--checkpoint), or see "
                    + "\"Checkpoint and lake out of step\" in docs/ingest.md for the recovery");
        }
    }

    /** What is wrong with one query's table and checkpoint, or null. */
    static String problem(QueryState q) {
        long committed = q.committedBatch().orElse(-1);
        if (q.sinkBatch().isPresent() && !q.started()) {
            return q.table() + ": " + q.tableUri() + " already holds batches up to " + q.sinkBatch().getAsLong()
                    + " but the checkpoint " + q.checkpointUri() + " is new; Spark's file sink would skip batches 0 to "
                    + q.sinkBatch().getAsLong() + " of this run (data loss)";
        }
        if (q.sinkBatch().isEmpty() && committed >= 0) {
            return q.table() + ": the checkpoint " + q.checkpointUri() + " has committed batches up to " + committed
                    + " but " + q.tableUri() + " has no sink log (deleted, or --lake points elsewhere); the run would "
                    + "resume after the checkpoint's offsets and the table would miss every earlier record";
        }
        if (q.sinkBatch().isPresent()) {
            long sink = q.sinkBatch().getAsLong();
            if (sink > committed + 1) {
                return q.table() + ": " + q.tableUri() + " holds batches up to " + sink + " but the checkpoint "
                        + q.checkpointUri() + " only up to " + committed + " (an older or another query's checkpoint); "
                        + "batches " + (committed + 2) + " to " + sink + " of this run would be skipped (data loss)";
            }
            if (sink < committed) {
                return q.table() + ": the checkpoint " + q.checkpointUri() + " committed batches up to " + committed
                        + " but " + q.tableUri() + " only holds up to " + sink + " (a table restored from an older copy?); "
                        + "the records of batches " + (sink + 1) + " to " + committed + " would be missing";
            }
        }
        return null;
    }
}
