package io.sparkify.error;

/** Another run holds the lock or lease this one needs (the model registry's training lease). */
public final class LockedException extends SparkifyException {

    public LockedException(String message) {
        super(message);
    }

    public LockedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public LockedException reword(String message, Throwable cause) {
        return new LockedException(message, cause);
    }
}
