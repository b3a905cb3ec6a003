package io.sparkify.demo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.cli.CommandRunner;
import io.sparkify.cli.ExitCodes;
import io.sparkify.error.LockedException;
import io.sparkify.error.OperationFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's stage runner: a start and an end line per stage, and a failure that names the
 * stage and the cause and keeps the stage's own exit code.
 */
class StagesTest {

    private final StringWriter progress = new StringWriter();
    private final Stages stages = new Stages(new PrintWriter(progress), 3);

    @Test
    void eachStagePrintsWhatItDoesAndHowItEnded() {
        int n = stages.run("count", "counting things", () -> 42, r -> r + " things");
        String empty = stages.run("quiet", "doing nothing to report", () -> "", r -> r);

        assertEquals(42, n);
        assertEquals("", empty);
        List<String> lines = progress.toString().lines().toList();
        assertEquals("[1/3] count ... counting things", lines.get(0));
        assertTrue(lines.get(1).matches("\\[1/3] count ok \\d+\\.\\ds: 42 things"), lines.get(1));
        assertEquals("[2/3] quiet ... doing nothing to report", lines.get(2));
        assertTrue(lines.get(3).matches("\\[2/3] quiet ok \\d+\\.\\ds"), lines.get(3));
        assertEquals(List.of("count", "quiet"), stages.timings().stream().map(Stages.Timing::name).toList());
    }

    @Test
    void aFailingStageIsNamedWithItsRootCauseAndExitsOne() {
        stages.run("first", "fine", () -> 1, r -> "");

        OperationFailedException e = assertThrows(OperationFailedException.class, () -> stages.run("ingest", "streaming",
                () -> {
                    throw new IllegalStateException("query failed",
                            new UncheckedIOException(new IOException("Mkdirs failed to create /lake/events")));
                }, r -> ""));

        assertEquals(ExitCodes.FAILURE, CommandRunner.exitCode(e));
        assertTrue(e.getMessage().startsWith("demo failed at stage 2/3 (ingest): query failed"), e.getMessage());
        assertTrue(e.getMessage().contains("Mkdirs failed to create /lake/events"), "the root cause: " + e.getMessage());
        assertTrue(progress.toString().contains("[2/3] ingest FAILED after "), progress.toString());
        assertFalse(progress.toString().contains("[2/3] ingest ok"), progress.toString());
        assertEquals(List.of("first"), stages.timings().stream().map(Stages.Timing::name).toList(),
                "a failed stage has no timing");
    }

    @Test
    void aStagesOwnVerdictKeepsItsExitCodeAndMessage() {
        LockedException locked = new LockedException("the model registry work/models is locked");

        LockedException e = assertThrows(LockedException.class, () -> stages.run("train", "training",
                () -> {
                    throw new RuntimeException("wrapped", locked);
                }, r -> ""));

        assertEquals(ExitCodes.LOCKED, CommandRunner.exitCode(e));
        assertEquals("demo failed at stage 1/3 (train): the model registry work/models is locked", e.getMessage());
    }
}
