package io.sparkify.ingest.stream;

import io.sparkify.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to start a query whose checkpoint does not belong to its table. Delta's streaming sink
 * recognises its own batches by the checkpoint's query id: a new checkpoint against a table
 * another query wrote would ingest again from its starting offsets (every record twice), an older
 * copy of the checkpoint would have its next batches skipped as already written, and a
 * checkpoint whose table is gone would resume past records the table never got. All are
 * configuration errors ({@link InvalidInputException}), found before anything runs.
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
            throw new InvalidInputException(String.join("; ", problems)
                    + ". Nothing was started. Use the checkpoint that wrote this lake (--checkpoint), or see "
                    + "\"Checkpoint and lake out of step\" in docs/ingest.md for the recovery");
        }
    }

    /** What is wrong with one query's table and checkpoint, or null. */
    static String problem(QueryState q) {
        long committed = q.committedBatch().orElse(-1);
        if (!q.started() && (q.sinkBatch().isPresent() || !q.otherQueries().isEmpty())) {
            long held = q.sinkBatch().isPresent() ? q.sinkBatch().getAsLong()
                    : q.otherQueries().values().stream().mapToLong(Long::longValue).max().orElse(-1);
            return q.table() + ": " + q.tableUri() + " already holds batches up to " + held
                    + " of another streaming query but the checkpoint " + q.checkpointUri() + " is new; this run would "
                    + "write the records from its starting offsets again (duplicates)";
        }
        if (!q.tableExists() && committed >= 0) {
            return q.table() + ": the checkpoint " + q.checkpointUri() + " has committed batches up to " + committed
                    + " but " + q.tableUri() + " has no Delta log (deleted, or --lake points elsewhere); the run would "
                    + "resume after the checkpoint's offsets and the table would miss every earlier record";
        }
        if (q.sinkBatch().isEmpty() && committed >= 0 && !q.otherQueries().isEmpty()) {
            return q.table() + ": " + q.tableUri() + " was written by another streaming query (" + q.otherQueries()
                    .keySet() + "), not by the one of the checkpoint " + q.checkpointUri() + " (an older or another "
                    + "query's checkpoint); records would be missing or twice in the table";
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
        // A used checkpoint against a table no streaming query wrote (a lake converted by convert-lake):
        // Delta's sink has no batch of this query yet and writes the next one; nothing is skipped.
        return null;
    }
}
