package io.sparkify.ingest.stream;

import io.sparkify.cli.ExitCodes;
import io.sparkify.cli.UserException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The options of Spark's Kafka source for one ingest run, and a check of the topic before start. */
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

    /** Source options: brokers, topic, offsets, rate limit, and every client property as {@code kafka.<key>}. */
    public static Map<String, String> options(IngestSettings s) {
        Map<String, String> options = new HashMap<>();
        s.kafkaClientProperties().forEach((k, v) -> {
            if (MANAGED_BY_SPARK.contains(k)) {
                LOG.warn("Kafka client property {} is managed by Spark's Kafka source; ignored", k);
            } else {
                options.put("kafka." + k, v);
            }
        });
        options.put("kafka.bootstrap.servers", s.bootstrapServers());
        options.put("subscribe", s.topic());
        options.put("startingOffsets", s.startingOffsets());
        // A record deleted by retention before it was ingested must stop the job, not vanish silently.
        options.put("failOnDataLoss", "true");
        s.maxOffsetsPerTrigger().ifPresent(n -> options.put("maxOffsetsPerTrigger", Long.toString(n)));
        return options;
    }

    static DataStreamReader reader(SparkSession spark, IngestSettings s) {
        return spark.readStream().format("kafka").options(options(s));
    }

    /**
     * Fails fast with a clear message when the brokers cannot be reached ({@link ExitCodes#UNAVAILABLE})
     * or the topic does not exist ({@link ExitCodes#USAGE}); Spark would otherwise retry for minutes.
     *
     * @return the topic's partition count
     */
    public static int checkTopic(IngestSettings s) {
        Properties props = new Properties();
        s.kafkaClientProperties().forEach((k, v) -> {
            if (!MANAGED_BY_SPARK.contains(k)) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        try (Admin admin = Admin.create(props)) {
            TopicDescription d = admin.describeTopics(Set.of(s.topic())).allTopicNames()
                    .get(timeoutMs, TimeUnit.MILLISECONDS).get(s.topic());
            return d.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new UserException(ExitCodes.USAGE, "topic '" + s.topic() + "' does not exist on "
                        + s.bootstrapServers() + " (create it with ./sparkify produce or kafka-topics)");
            }
            throw new UserException(ExitCodes.UNAVAILABLE, "cannot describe topic '" + s.topic() + "' on "
                    + s.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, "Kafka brokers " + s.bootstrapServers()
                    + " not reachable within " + s.connectTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException(ExitCodes.FAILURE, "interrupted while checking topic " + s.topic());
        }
    }
}
