package io.sparkify.cli;

/**
 * Exit codes shared by every command; scripts and schedulers depend on them (see README).
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran but something failed (a delivery, a stage, a job). */
    public static final int FAILURE = 1;
    /** Bad usage, unreadable input or configuration: nothing was done. */
    public static final int USAGE = 2;
    /** A required service (the Kafka broker) could not be reached in time. */
    public static final int UNAVAILABLE = 3;
    /** Another run holds the lock (scheduled retraining). */
    public static final int LOCKED = 4;
    /** A new model was trained but not promoted (kept as a challenger). */
    public static final int NOT_PROMOTED = 5;
    /** A new model was trained but not promoted because the champion cannot be loaded or re-scored. */
    public static final int CHAMPION_UNUSABLE = 6;

    private ExitCodes() {
    }
}
