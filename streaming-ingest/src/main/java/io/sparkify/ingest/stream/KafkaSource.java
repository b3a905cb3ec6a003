package io.sparkify.ingest.stream;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The options of Spark's Kafka source for one ingest run. */
public final class KafkaSource {

    /**
     * Consumer settings Spark's Kafka source manages itself and refuses as {@code kafka.*} options.
     * A client-config file shared with the producer may hold some of them; they are left out.
     */
    static final Set<String> MANAGED_BY_SPARK = Set.of("auto.offset.reset", "key.deserializer",
            "value.deserializer", "enable.auto.commit", "interceptor.classes");

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);

    private KafkaSource() {
    }

    /**
     * The run's Kafka client properties without those Spark manages (each skipped one is logged
     * once): what both the source and the admin client of the start-up checks use.
     */
    public static Map<String, String> clientProperties(IngestSettings s) {
        Map<String, String> out = new LinkedHashMap<>();
        s.kafkaClientProperties().forEach((k, v) -> {
            if (MANAGED_BY_SPARK.contains(k)) {
                LOG.warn("Kafka client property {} is managed by Spark's Kafka source; ignored", k);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * Source options: brokers, topic, offsets, rate limit, and every client property as {@code kafka.<key>}.
     *
     * @param clientProperties from {@link #clientProperties}
     * @param startingOffsets the per-partition JSON both queries start from (see {@link StartingOffsets}),
     *     or {@code earliest}/{@code latest}
     */
    public static Map<String, String> options(IngestSettings s, Map<String, String> clientProperties,
            String startingOffsets) {
        Map<String, String> options = new HashMap<>();
        clientProperties.forEach((k, v) -> options.put("kafka." + k, v));
        options.put("kafka.bootstrap.servers", s.bootstrapServers());
        options.put("subscribe", s.topic());
        options.put("startingOffsets", startingOffsets);
        // A record deleted by retention before it was ingested must stop the job, not vanish silently.
        options.put("failOnDataLoss", "true");
        s.maxOffsetsPerTrigger().ifPresent(n -> options.put("maxOffsetsPerTrigger", Long.toString(n)));
        return options;
    }

    static DataStreamReader reader(SparkSession spark, Map<String, String> options) {
        return spark.readStream().format("kafka").options(options);
    }
}
