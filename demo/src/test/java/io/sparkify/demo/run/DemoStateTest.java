package io.sparkify.demo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.error.InvalidInputException;
import io.sparkify.lake.LakeLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a second demo run does with the first one's state, decided without a broker: the same
 * file's complete replay is reused with its counts (so the second run's accounting closes on the
 * first run's lines, rejects and blanks), anything else in the topic is refused with the --fresh
 * hint, --fresh deletes every piece of state, and a lake whose broker is gone is refused.
 * DemoCommandTest runs the same decisions through a real broker on a tiny file.
 */
class DemoStateTest {

    @TempDir
    Path tmp;

    private DemoSettings settings(Path data, boolean raw) {
        return new DemoSettings(data, 0, OptionalDouble.empty(), raw, "demo-topic", 3,
                new LakeLayout(tmp.resolve("lake").toString()), tmp.resolve("models").toString(), tmp.resolve("work"),
                tmp.resolve("report.html").toString(), false, true, 5);
    }

    private DemoState state(DemoSettings s) {
        return new DemoState(s, new Configuration());
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content);
    }

    /** What the first run's replay did: 10 lines, 8 in the topic, 1 rejected, 1 blank. */
    private static DemoSummary.Replay firstReplay(Path rejects) {
        return new DemoSummary.Replay(false, 10, 8, 1, 1, 8, rejects.toString());
    }

    @Test
    void anEmptyTopicIsReplayed() throws Exception {
        DemoSettings s = settings(file("a.json", "{}\n"), false);
        state(s).writeRecord(firstReplay(s.rejectsFile()));

        assertEquals(Optional.empty(), state(s).previousReplay(0));
    }

    @Test
    void theSameFilesCompleteReplayIsReusedWithTheFirstRunsCounts() throws Exception {
        DemoSettings s = settings(file("a.json", "{}\n"), false);
        state(s).writeRecord(firstReplay(s.rejectsFile()));

        DemoSummary.Replay reused = state(s).previousReplay(8).orElseThrow();

        assertTrue(reused.skipped(), "the topic already holds the file: no second replay");
        assertEquals(10, reused.linesRead());
        assertEquals(1, reused.rejected(), "the previous replay's rejects");
        assertEquals(1, reused.blank());
        assertEquals(8, reused.topicRecords());
        assertEquals(s.rejectsFile().toString(), reused.rejectsFile());
        LineAccounting accounting = LineAccounting.of(reused, new LakeCounts(7, 1));
        assertEquals(0, accounting.unaccounted(), accounting.equation());
    }

    @Test
    void anotherFileOnTopOfThePreviousTopicIsRefusedWithTheFreshHint() throws Exception {
        DemoSettings first = settings(file("a.json", "{}\n"), false);
        state(first).writeRecord(firstReplay(first.rejectsFile()));
        DemoSettings other = settings(file("b.json", "{}\n{}\n"), false);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> state(other).previousReplay(8));

        assertTrue(e.getMessage().contains("--fresh"), e.getMessage());
        assertTrue(e.getMessage().contains("the previous run replayed " + tmp.resolve("a.json")), e.getMessage());
    }

    @Test
    void theSameFileReplayedRawIsAnotherReplayAndRefused() throws Exception {
        Path data = file("a.json", "{}\n");
        DemoSettings validated = settings(data, false);
        state(validated).writeRecord(firstReplay(validated.rejectsFile()));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> state(settings(data, true)).previousReplay(8));

    }

    @Test
    void aTopicHoldingMoreOrFewerRecordsThanTheRecordedReplayIsRefused() throws Exception {
        DemoSettings s = settings(file("a.json", "{}\n"), false);
        state(s).writeRecord(firstReplay(s.rejectsFile()));

        assertThrows(InvalidInputException.class, () -> state(s).previousReplay(9));
        assertThrows(InvalidInputException.class, () -> state(s).previousReplay(7));
    }

    @Test
    void recordsInTheTopicWithoutARecordedReplayAreAnInterruptedReplay() throws Exception {
        DemoSettings s = settings(file("a.json", "{}\n"), false);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> state(s).previousReplay(3));

        assertTrue(e.getMessage().contains("(an interrupted replay?)"), e.getMessage());
        assertTrue(e.getMessage().contains("--fresh"), e.getMessage());
    }

    @Test
    void freshDeletesEveryPieceOfStateAndTheNextRunStartsEmpty() throws Exception {
        DemoSettings s = settings(file("a.json", "{}\n"), false);
        Files.createDirectories(s.brokerDir().resolve("meta"));
        state(s).writeRecord(firstReplay(s.rejectsFile()));
        Files.writeString(s.rejectsFile(), "2\tnot_json\n");
        Files.createDirectories(Path.of(s.scores()));
        Files.createDirectories(Path.of(s.lake().root(), "_checkpoints", "ingest"));
        Files.createDirectories(Path.of(s.models()));
        Files.writeString(Path.of(s.models(), "_TRAINING.lock"), "pid 1 on elsewhere\n");
        Files.writeString(Path.of(s.report()), "<html></html>");

        List<String> removed = state(s).wipe();

        assertEquals(7, removed.size(), removed.toString());
        for (Path p : List.of(s.brokerDir(), s.replayRecord(), s.rejectsFile(), Path.of(s.scores()),
                Path.of(s.lake().root()), Path.of(s.models()), Path.of(s.report()))) {
            assertFalse(Files.exists(p), "--fresh removed " + p);
        }
        assertEquals(Optional.empty(), state(s).previousReplay(0));
        state(s).checkBeforeStart();
        assertEquals(List.of(), state(s).wipe(), "nothing left to remove");
    }

    @Test
    void aLakeWithACheckpointWhoseBrokerDataIsGoneIsRefused() throws Exception {
        DemoSettings s = settings(file("a.json", "{}\n"), false);
        Files.createDirectories(Path.of(s.lake().root(), "_checkpoints", "ingest"));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> state(s).checkBeforeStart());

        assertTrue(e.getMessage().contains("--fresh"), e.getMessage());
        Files.createDirectories(s.brokerDir().resolve("meta"));
        state(s).checkBeforeStart();
    }
}
