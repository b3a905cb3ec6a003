package io.sparkify.producer.replay;

import io.sparkify.config.ConfigKey;
import io.sparkify.producer.kafka.ClientConfig;
import io.sparkify.producer.kafka.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a replay needs, built once at the CLI edge (or by a test).
 *
 * @param input          a .json/.json.gz file (gzip detected by content) or {@code -} for stdin
 * @param skip           lines at the start of the input to pass over unread
 * @param limit          the most lines to read after the skipped ones; {@link Long#MAX_VALUE} for all
 * @param raw            send every line byte for byte, unvalidated, with no key
 * @param rejectsFile    where rejected lines and failed deliveries are listed
 * @param maxLineBytes   longer lines are rejected as line_too_long
 */
public record ReplaySettings(String input, TopicSpec topic, ClientConfig client, Duration connectTimeout, Pacing pacing,
                             long skip, long limit, boolean raw, Path rejectsFile, int maxLineBytes) {

    public ReplaySettings {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(rejectsFile, "rejectsFile");
        if (skip < 0) {
            throw new IllegalArgumentException("--skip must not be negative, not " + skip);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must not be negative, not " + limit);
        }
        if (raw && pacing.needsEventTime()) {
            throw new IllegalArgumentException("--speedup needs each event's ts, which --raw does not parse; "
                    + "use --rate or --interval with --raw");
        }
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("--max-line-bytes must be positive, not " + maxLineBytes);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("--connect-timeout must be positive, not " + connectTimeout);
        }
    }

    /** Full speed, every line, validated: tests and embedding start here and change what they need. */
    public static ReplaySettings of(String input, TopicSpec topic, ClientConfig client, Path rejectsFile) {
        return new ReplaySettings(input, topic, client, ConfigKey.KAFKA_CONNECT_TIMEOUT.defaultDuration(), Pacing.fullSpeed(), 0, Long.MAX_VALUE,
                false, rejectsFile, io.sparkify.model.json.EventCodec.DEFAULT_MAX_LINE_BYTES);
    }

    public ReplaySettings withPacing(Pacing p) {
        return new ReplaySettings(input, topic, client, connectTimeout, p, skip, limit, raw, rejectsFile, maxLineBytes);
    }

    public ReplaySettings withRange(long skipLines, long limitLines) {
        return new ReplaySettings(input, topic, client, connectTimeout, pacing, skipLines, limitLines, raw, rejectsFile, maxLineBytes);
    }

    public ReplaySettings withRaw(boolean rawLines) {
        return new ReplaySettings(input, topic, client, connectTimeout, pacing, skip, limit, rawLines, rejectsFile, maxLineBytes);
    }

    public ReplaySettings withConnectTimeout(Duration timeout) {
        return new ReplaySettings(input, topic, client, timeout, pacing, skip, limit, raw, rejectsFile, maxLineBytes);
    }
}
