package io.sparkify.cli;

import org.apache.spark.SparkUserAppException;

/**
 * Ends a job running as the driver inside YARN's application master (cluster deploy mode).
 * There, {@code System.exit} from the user's main is taken as an early exit and the application
 * is marked FAILED even when the code is 0; YARN then also restarts a cleanly stopped stream.
 * Returning normally means success, and {@link SparkUserAppException} carries a non-zero code to
 * spark-submit ("User application exited with N"), which deploy.sh turns back into its exit code.
 * A class of its own, loaded only in that mode: verifying it loads the Spark exception class,
 * which non-Spark commands (the producer jar) do not have.
 */
final class YarnClusterExit {

    private YarnClusterExit() {
    }

    static void finish(int code) {
        if (code != ExitCodes.OK) {
            throw YarnClusterExit.<RuntimeException>unchecked(new SparkUserAppException(code, null));
        }
    }

    // SparkUserAppException is a checked (Scala) exception; every main would otherwise have to
    // declare it although only this path throws it.
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T unchecked(Throwable t) throws T {
        throw (T) t;
    }
}
