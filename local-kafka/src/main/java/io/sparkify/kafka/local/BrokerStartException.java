package io.sparkify.kafka.local;

/** The broker could not start: the port is taken, the data directory is unusable, or it never became ready. */
public final class BrokerStartException extends RuntimeException {

    public BrokerStartException(String message) {
        super(message);
    }

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
