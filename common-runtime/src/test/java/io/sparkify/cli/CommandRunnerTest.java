package io.sparkify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparkify.config.SparkifyConfig;
import io.sparkify.error.InvalidInputException;
import io.sparkify.error.LockedException;
import io.sparkify.error.OperationFailedException;
import io.sparkify.error.ServiceUnavailableException;
import io.sparkify.error.SparkifyException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one place where a service's failure becomes an exit code and a one-line message. */
class CommandRunnerTest {

    @Command(name = "fails")
    static final class Fails implements Callable<Integer> {
        private final RuntimeException failure;

        Fails(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }

    private record Run(int exit, String err) {
    }

    private static Run run(RuntimeException failure) {
        StringWriter err = new StringWriter();
        CommandLine cl = CommandRunner.commandLine(new Fails(failure), SparkifyConfig.defaults());
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute();
        return new Run(exit, err.toString());
    }

    @Test
    void eachDomainFailureExitsWithItsCodeAndItsMessageAlone() {
        assertEquals(new Run(ExitCodes.USAGE, "error: --input is empty" + System.lineSeparator()),
                run(new InvalidInputException("--input is empty")));
        assertEquals(new Run(ExitCodes.UNAVAILABLE, "error: Kafka at x:1 is not reachable" + System.lineSeparator()),
                run(new ServiceUnavailableException("Kafka at x:1 is not reachable", new RuntimeException("timeout"))));
        assertEquals(new Run(ExitCodes.LOCKED, "error: another training run holds m/_TRAINING.lock" + System.lineSeparator()),
                run(new LockedException("another training run holds m/_TRAINING.lock")));
        assertEquals(new Run(ExitCodes.FAILURE, "error: cannot write s: disk full" + System.lineSeparator()),
                run(new OperationFailedException("cannot write s: disk full")));
    }

    @Test
    void anyOtherExceptionIsAFailureNamedByItsMessageOrItsType() {
        assertEquals(new Run(ExitCodes.FAILURE, "error: query failed" + System.lineSeparator()),
                run(new IllegalStateException("query failed")));
        assertEquals(new Run(ExitCodes.FAILURE, "error: java.lang.NullPointerException: x" + System.lineSeparator()),
                run(new NullPointerException("x")));
    }

    @Test
    void onlyTheThrownTypeCountsNotAWrappedCause() {
        // Exit codes are a public interface: a domain failure wrapped by something else (a Spark job,
        // an executor) is a failure, as it always was; callers that add context reword it instead.
        assertEquals(ExitCodes.FAILURE, CommandRunner.exitCode(new RuntimeException("wrapped",
                new LockedException("held"))));
    }

    @Test
    void rewordingKeepsTheKindOfFailure() {
        LockedException locked = new LockedException("held");
        Exception wrapped = new RuntimeException("stage", locked);

        assertSame(locked, SparkifyException.find(wrapped));
        SparkifyException reworded = SparkifyException.find(wrapped).reword("demo failed: held", wrapped);
        assertEquals(LockedException.class, reworded.getClass());
        assertEquals("demo failed: held", reworded.getMessage());
        assertEquals(ExitCodes.LOCKED, CommandRunner.exitCode(reworded));
        assertEquals(null, SparkifyException.find(new RuntimeException("plain")));
    }
}
