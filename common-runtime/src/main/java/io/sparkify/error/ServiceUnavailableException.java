package io.sparkify.error;

/** A service the run needs (the Kafka brokers) could not be reached in time. */
public final class ServiceUnavailableException extends SparkifyException {

    public ServiceUnavailableException(String message) {
        super(message);
    }

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ServiceUnavailableException reword(String message, Throwable cause) {
        return new ServiceUnavailableException(message, cause);
    }
}
