package io.sparkify.demo.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * What a previous demo run left behind, and how this run treats it.
 *
 * <p>The demo's state is its broker's log directory (the topic), a record of what the replay
 * put in the topic, the lake with its streaming checkpoint, the model registry, the scores and
 * the report. A second run without {@code --fresh} reuses it: when the topic already holds
 * exactly what the replay of the same file put there, the replay is skipped (replaying again
 * would duplicate every event) and the record's counts still account for every line of the
 * file; the ingest runs anyway and, resuming from its checkpoint, adds nothing already in the
 * lake; training registers a new model version, which becomes champion only by the
 * champion/challenger rule. Any other leftover (a topic from another file, an interrupted
 * replay, a lake without its broker) is refused with a hint to use {@code --fresh}, which
 * deletes all of it first.
 */
public final class DemoState {

    /** Which replay filled the topic: the file as it was, the topic, raw or validated. */
    public record ReplaySource(String data, long size, long modifiedMillis, String topic, boolean raw) {
    }

    /**
     * What a completed replay put into the topic and what it did with every line; written after
     * the replay, read by the next run.
     */
    public record ReplayRecord(ReplaySource source, long records, long lines, long rejected, long blank,
                               String rejectsFile) {

        /** Every line is in the topic, rejected or blank: a replay that ran to its end. */
        boolean complete() {
            return source != null && lines == records + rejected + blank;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoSettings settings;
    private final Configuration hadoop;

    public DemoState(DemoSettings settings, Configuration hadoop) {
        this.settings = settings;
        this.hadoop = hadoop;
    }

    /** Deletes every piece of state this demo writes; returns what existed and was removed. */
    public List<String> wipe() {
        List<String> removed = new ArrayList<>();
        deleteLocal(settings.brokerDir(), removed);
        deleteLocal(settings.replayRecord(), removed);
        deleteLocal(settings.rejectsFile(), removed);
        deleteUri(settings.scores(), removed);
        deleteUri(settings.lake().root(), removed);
        deleteUri(settings.models(), removed);
        deleteUri(settings.report(), removed);
        return removed;
    }

    /**
     * Refuses a lake (with its checkpoint) whose broker is gone: the checkpoint's offsets refer to
     * a topic that no longer exists, and a new topic would start again at offset 0.
     */
    public void checkBeforeStart() {
        if (!hasBrokerData() && exists(settings.lake().root() + "/_checkpoints")) {
            throw new InvalidInputException("the lake " + settings.lake().root() + " holds a previous demo "
                    + "run's data and checkpoint, but that run's broker data (" + settings.brokerDir() + ") is gone; "
                    + "run with --fresh to start over");
        }
    }

    /**
     * Decides whether the replay must run, given how many records the topic already holds.
     *
     * @return empty to replay; the previous run's replay (marked skipped) when the topic already
     *         holds this file's complete replay
     * @throws InvalidInputException when the topic holds something else
     */
    public Optional<DemoSummary.Replay> previousReplay(long recordsInTopic) {
        if (recordsInTopic == 0) {
            return Optional.empty();
        }
        Optional<ReplayRecord> previous = readRecord();
        if (previous.isPresent() && previous.get().complete() && previous.get().records() == recordsInTopic
                && previous.get().source().equals(source())) {
            ReplayRecord r = previous.get();
            return Optional.of(new DemoSummary.Replay(true, r.lines(), r.records(), r.rejected(), r.blank(),
                    r.records(), r.rejectsFile()));
        }
        throw new InvalidInputException("the demo's topic '" + settings.topic() + "' already holds "
                + recordsInTopic + " records that are not a complete replay of " + settings.data()
                + (previous.isPresent() && previous.get().source() != null
                        ? " (the previous run replayed " + previous.get().source().data() + ", "
                                + previous.get().records() + " records)"
                        : " (an interrupted replay?)")
                + "; run with --fresh to replace the previous run's state");
    }

    /** Records what this run's replay put into the topic, to be found again by the next run. */
    public void writeRecord(DemoSummary.Replay replay) throws IOException {
        ReplayRecord record = new ReplayRecord(source(), replay.topicRecords(), replay.linesRead(), replay.rejected(),
                replay.blank(), replay.rejectsFile());
        Files.createDirectories(settings.replayRecord().getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(settings.replayRecord().toFile(), record);
    }

    private ReplaySource source() {
        try {
            Path data = settings.data().toAbsolutePath().normalize();
            return new ReplaySource(data.toString(), Files.size(data), Files.getLastModifiedTime(data).toMillis(),
                    settings.topic(), settings.raw());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + settings.data() + ": " + e.getMessage(), e);
        }
    }

    Optional<ReplayRecord> readRecord() {
        Path p = settings.replayRecord();
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(p.toFile(), ReplayRecord.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private boolean hasBrokerData() {
        Path dir = settings.brokerDir();
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private boolean exists(String uri) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        try {
            return p.getFileSystem(hadoop).exists(p);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + uri + ": " + e.getMessage(), e);
        }
    }

    private static void deleteLocal(Path path, List<String> removed) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
            removed.add(path.toString());
        } catch (IOException e) {
            throw new InvalidInputException("--fresh: cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    private void deleteUri(String uri, List<String> removed) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = p.getFileSystem(hadoop);
            if (fs.exists(p)) {
                fs.delete(p, true);
                removed.add(uri);
            }
        } catch (IOException e) {
            throw new InvalidInputException("--fresh: cannot delete " + uri + ": " + e.getMessage(), e);
        }
    }
}
