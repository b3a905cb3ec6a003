package io.sparkify.producer.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a replay did. Every line read is exactly one of sent, failed, rejected or blank:
 * {@code read == sent + failed + rejected + blank}.
 *
 * @param skipped        lines passed over by {@code --skip}
 * @param valueBytes     bytes of message values acknowledged by the brokers
 * @param reasons        rejected lines by reason code
 * @param interrupted    stopped early by Ctrl-C/SIGTERM
 * @param firstFailure   the first delivery error, when any delivery failed
 * @param topicCreated   the replay created the topic
 * @param readError      why the input could not be read to its end ({@code <file>: read failed after line N: <reason>});
 *                       the counts cover the lines read before it
 */
public record ReplaySummary(String input, String topic, long skipped, long read, long sent, long rejected, long blank,
                            long failed, long valueBytes, Duration elapsed, Map<String, Long> reasons, Path rejectsFile,
                            boolean interrupted, Optional<String> firstFailure, boolean topicCreated,
                            Optional<String> readError) {

    public ReplaySummary {
        reasons = Map.copyOf(reasons);
    }

    /** Something went wrong that the user must look at: a failed delivery or an input not read to its end. */
    public boolean incomplete() {
        return failed > 0 || readError.isPresent();
    }

    public double elapsedSeconds() {
        return elapsed.toNanos() / 1e9;
    }

    public double messagesPerSecond() {
        double s = elapsedSeconds();
        return s > 0 ? sent / s : 0;
    }

    /** Decimal megabytes (10^6) of message values per second. */
    public double megabytesPerSecond() {
        double s = elapsedSeconds();
        return s > 0 ? valueBytes / 1e6 / s : 0;
    }
}
