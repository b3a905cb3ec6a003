package io.sparkify.error;

/**
 * Bad usage, input or settings that cannot be used as given (a missing or unreadable file, an option
 * out of range, a checkpoint of another topic): nothing was done.
 */
public final class InvalidInputException extends SparkifyException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public InvalidInputException reword(String message, Throwable cause) {
        return new InvalidInputException(message, cause);
    }
}
