package io.sparkify.producer.replay;

import java.time.Duration;
import java.util.Map;

/**
 * The producer settings a replay starts from; any of them can be overridden by the
 * {@code --client-config} and {@code --producer-config} files. Measured in bench/producer.
 */
public final class ProducerTuning {

    private ProducerTuning() {
    }

    /**
     * Durable and ordered: acks from all in-sync replicas, idempotence (no duplicates from
     * retries, order kept per partition with 5 requests in flight). Throughput from large
     * batches (256 KiB, up to 10 ms to fill) compressed with lz4, which costs the least CPU per
     * byte among the codecs, and a 64 MiB buffer so reading never waits on one slow request.
     */
    public static Map<String, String> defaults(Duration maxBlock) {
        return Map.of(
                "acks", "all",
                "enable.idempotence", "true",
                "max.in.flight.requests.per.connection", "5",
                "linger.ms", "10",
                "batch.size", String.valueOf(256 * 1024),
                "compression.type", "lz4",
                "buffer.memory", String.valueOf(64L * 1024 * 1024),
                // Bounded like the start-up check: a broker lost mid-run fails sends instead of hanging.
                "max.block.ms", String.valueOf(maxBlock.toMillis()),
                "client.id", "sparkify-produce");
    }
}
