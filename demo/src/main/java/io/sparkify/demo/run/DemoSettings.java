package io.sparkify.demo.run;

import io.sparkify.lake.LakeLayout;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One demo run, resolved once at the command line.
 *
 * @param data the event log to replay (.json or .json.gz)
 * @param port the local broker's port; 0 picks a free one
 * @param speedup replay in event time, this many times faster, while the ingest streams; empty for full speed
 * @param raw send lines unvalidated, so that the streaming job alone validates (quarantine)
 * @param topic the topic to replay into
 * @param partitions partitions of the topic when created
 * @param lake lake root, any Hadoop URI
 * @param models model registry root, any Hadoop URI
 * @param workDir the demo's local state: broker data, replay record, scores, rejects
 * @param report the HTML report to write
 * @param fresh wipe the previous run's state first
 * @param quick smaller training (one setting per model family, forward evaluation only): same code path
 * @param top at-risk users in the summary
 */
public record DemoSettings(Path data, int port, OptionalDouble speedup, boolean raw, String topic, int partitions,
                           LakeLayout lake, String models, Path workDir, String report, boolean fresh, boolean quick,
                           int top) {

    public DemoSettings {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(report, "report");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, not " + port);
        }
        if (speedup.isPresent() && !(speedup.getAsDouble() > 0)) {
            throw new IllegalArgumentException("--speedup must be a positive number, not " + speedup.getAsDouble());
        }
        if (raw && speedup.isPresent()) {
            throw new IllegalArgumentException("--raw sends lines unparsed, so they have no event time to pace "
                    + "--speedup with; use one or the other");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
        }
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, not " + top);
        }
    }

    /** The local broker's log directory. */
    public Path brokerDir() {
        return workDir.resolve("demo-kafka");
    }

    /** What the replay put into the broker, so a second run can tell its own topic from a stranger's. */
    public Path replayRecord() {
        return workDir.resolve("demo-replay.json");
    }

    public Path rejectsFile() {
        return workDir.resolve("demo-rejects.tsv");
    }

    /** {@code score} output: parquet and the CSV of the top users. */
    public String scores() {
        return workDir.resolve("scores").toString();
    }
}
