package io.sparkify.error;

/**
 * The run started but could not finish something (a write, a topic creation, an interrupted wait);
 * the message says what and why.
 */
public final class OperationFailedException extends SparkifyException {

    public OperationFailedException(String message) {
        super(message);
    }

    public OperationFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public OperationFailedException reword(String message, Throwable cause) {
        return new OperationFailedException(message, cause);
    }
}
