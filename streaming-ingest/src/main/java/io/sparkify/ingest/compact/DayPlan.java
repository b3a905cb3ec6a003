package io.sparkify.ingest.compact;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Which files of one day compaction rewrites, decided from the sink log before anything is
 * written. A reader's view can only change atomically within one log file (one rename), so the
 * day's files are grouped by the log file that lists them and each group is merged on its own.
 * The stream's own log compaction folds every batch into one {@code N.compact} file each
 * {@code compactInterval} batches, so most of a day's files share one group; those of the plain
 * batch files written since stay one per group until the stream's next log compaction.
 *
 * @param groups groups to rewrite, each with the number of files it becomes
 * @param filesBefore the day's visible files
 * @param alone files that are the only file of the day in their log file: left for a later run
 * @param aloneBatches the log files (batch ids) those are in
 * @param latestLogCompaction the batch id of the newest {@code .compact} log file, if any
 * @param latestBatch the latest batch id in the log
 */
record DayPlan(List<Group> groups, int filesBefore, int alone, List<Long> aloneBatches,
        OptionalLong latestLogCompaction, long latestBatch) {

    /** Files of the day listed by one log file, their total size and the number of files they become. */
    record Group(SinkLog.BatchFile logFile, List<SinkLog.Entry> entries, long bytes, int outputFiles) {
    }

    static DayPlan of(SinkLog log, FileSystem fs, String partitionDir, long targetFileBytes) throws IOException {
        var files = log.batchFiles();
        if (files.isEmpty()) {
            return new DayPlan(List.of(), 0, 0, List.of(), OptionalLong.empty(), -1);
        }
        Map<SinkLog.BatchFile, List<SinkLog.Entry>> byLogFile = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        OptionalLong compacted = OptionalLong.empty();
        for (SinkLog.BatchFile bf : log.readable(files)) {
            if (bf.compact()) {
                compacted = OptionalLong.of(bf.batchId());
            }
            for (SinkLog.Entry e : log.entries(bf)) {
                // A path listed twice is read twice by Spark: never make that worse by merging it twice.
                if (partitionDirOf(e).equals(partitionDir) && seen.add(e.path())) {
                    byLogFile.computeIfAbsent(bf, k -> new ArrayList<>()).add(e);
                }
            }
        }
        List<Group> groups = new ArrayList<>();
        int alone = 0;
        List<Long> aloneBatches = new ArrayList<>();
        for (Map.Entry<SinkLog.BatchFile, List<SinkLog.Entry>> g : byLogFile.entrySet()) {
            List<SinkLog.Entry> entries = g.getValue();
            if (entries.size() < 2) {
                alone++;
                aloneBatches.add(g.getKey().batchId());
                continue;
            }
            long bytes = 0;
            for (SinkLog.Entry e : entries) {
                bytes += fs.getFileStatus(toPath(e.path())).getLen();
            }
            int outputs = (int) Math.max(1, (bytes + targetFileBytes - 1) / targetFileBytes);
            if (outputs < entries.size()) {
                groups.add(new Group(g.getKey(), entries, bytes, outputs));
            }
        }
        return new DayPlan(groups, seen.size(), alone, aloneBatches, compacted, files.lastKey());
    }

    /**
     * Why the files that stay separate stay separate, or empty. Only worth saying for two or more:
     * one file on its own is already "few".
     */
    String leftNote(int compactInterval) {
        if (alone < 2) {
            return "";
        }
        long next = (latestBatch + compactInterval + 1) / compactInterval * compactInterval - 1;
        return alone + " files left, each the only file of the day in its sink-log batch file (batches "
                + aloneBatches.get(0) + ".." + aloneBatches.get(aloneBatches.size() - 1)
                + latestLogCompaction.stream().mapToObj(c -> ", written after the log compaction at batch " + c)
                        .findFirst().orElse("")
                + "): a reader's view can change atomically only within one log file; the ingest job folds them "
                + "into one at its next log compaction (batch " + next + ", every " + compactInterval
                + " batches): run compact again after that";
    }

    static String partitionDirOf(SinkLog.Entry e) {
        return toPath(e.path()).getParent().getName();
    }

    static Path toPath(String uriString) {
        try {
            return new Path(new URI(uriString));
        } catch (URISyntaxException e) {
            return new Path(uriString);
        }
    }
}
