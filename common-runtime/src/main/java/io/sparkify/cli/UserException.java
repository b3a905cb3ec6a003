package io.sparkify.cli;

/**
 * A failure caused by the user's input or environment (missing file, unreachable broker):
 * reported as one line with no stack trace, with its own exit code.
 */
public class UserException extends RuntimeException {

    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
