package io.sparkify.kafka.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Formats a KRaft log directory the way {@code kafka-storage.sh format --ignore-formatted} does:
 * writes {@code meta.properties} and the bootstrap checkpoint on first use and leaves a
 * formatted directory (and its topics) alone.
 */
final class StorageFormatter {

    private StorageFormatter() {
    }

    static boolean isFormatted(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve("meta.properties"));
    }

    static void formatIfNeeded(Path dataDir, int nodeId, String controllerListener) {
        if (isFormatted(dataDir)) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(nodeId)
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName(controllerListener)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (IOException e) {
            throw new BrokerStartException("cannot create the broker data directory " + dataDir + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new BrokerStartException("cannot format the broker data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
