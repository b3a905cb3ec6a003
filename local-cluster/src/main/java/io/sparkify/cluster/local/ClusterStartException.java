package io.sparkify.cluster.local;

/** The cluster could not start: a port in use, an unusable directory, a component that failed. */
public final class ClusterStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClusterStartException(String message) {
        super(message);
    }

    public ClusterStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
