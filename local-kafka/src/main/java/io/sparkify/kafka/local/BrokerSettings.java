package io.sparkify.kafka.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the local broker.
 *
 * @param port    the client (PLAINTEXT) port; 0 picks a free one
 * @param dataDir the broker's log and metadata directory, created and formatted when empty
 * @param fresh   wipe {@code dataDir} first, so the broker starts with no topics
 */
public record BrokerSettings(int port, Path dataDir, boolean fresh) {

    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
    }

    /** A throw-away broker on a free port, as tests use. */
    public static BrokerSettings ephemeral(Path dataDir) {
        return new BrokerSettings(0, dataDir, true);
    }
}
