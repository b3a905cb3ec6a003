package io.sparkify.error;

/**
 * A failure the user can act on (bad input, a broker that is not there, a lock another run holds):
 * its message is complete, names what and why, and is reported as one line without a stack trace.
 * Services throw the subclass that says what went wrong; only the command line turns the type into
 * an exit code ({@code io.sparkify.cli.CommandRunner#exitCode}).
 */
public abstract sealed class SparkifyException extends RuntimeException
        permits InvalidInputException, ServiceUnavailableException, LockedException, OperationFailedException {

    protected SparkifyException(String message) {
        super(message);
    }

    protected SparkifyException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The same kind of failure in other words: a caller that adds context (the demo's "failed at
     * stage 4/6 (train): ...") keeps what the failure was.
     */
    public abstract SparkifyException reword(String message, Throwable cause);

    /** The first failure of this family in {@code t}'s cause chain ({@code t} included), or null. */
    public static SparkifyException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SparkifyException s) {
                return s;
            }
        }
        return null;
    }
}
