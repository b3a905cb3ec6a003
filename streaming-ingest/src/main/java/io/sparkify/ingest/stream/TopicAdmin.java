package io.sparkify.ingest.stream;

import io.sparkify.error.InvalidInputException;
import io.sparkify.error.OperationFailedException;
import io.sparkify.error.ServiceUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The start-up questions to the brokers, with the run's client properties and connect timeout:
 * does the topic exist, which partitions, which offsets. Spark would otherwise retry for minutes
 * against a wrong address or a missing topic.
 */
final class TopicAdmin implements AutoCloseable {

    private final IngestSettings settings;
    private final Admin admin;
    private final long timeoutMs;
    private final IsolationLevel isolation;

    private TopicAdmin(IngestSettings settings, Admin admin, long timeoutMs, IsolationLevel isolation) {
        this.settings = settings;
        this.admin = admin;
        this.timeoutMs = timeoutMs;
        this.isolation = isolation;
    }

    static TopicAdmin connect(IngestSettings s, Map<String, String> clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        // "latest" for a read_committed consumer is the last stable offset, not the high watermark.
        String level = clientProperties.getOrDefault(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        IsolationLevel isolation;
        try {
            isolation = IsolationLevel.valueOf(level.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Kafka property isolation.level must be read_committed or "
                    + "read_uncommitted, not '" + level + "'");
        }
        return new TopicAdmin(s, Admin.create(props), timeoutMs, isolation);
    }

    /**
     * The topic's partitions, in order.
     *
     * @throws InvalidInputException when the topic does not exist
     * @throws ServiceUnavailableException when the brokers do not answer within the connect timeout
     */
    List<TopicPartition> partitions() {
        TopicDescription d = await(admin.describeTopics(Set.of(settings.topic())).allTopicNames()).get(settings.topic());
        List<TopicPartition> out = new ArrayList<>();
        d.partitions().forEach(p -> out.add(new TopicPartition(settings.topic(), p.partition())));
        return out;
    }

    /** The earliest or latest offset of each partition, by partition number. */
    Map<Integer, Long> offsets(List<TopicPartition> partitions, boolean latest) {
        Map<TopicPartition, OffsetSpec> request = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        partitions.forEach(tp -> request.put(tp, latest ? OffsetSpec.latest() : OffsetSpec.earliest()));
        Map<TopicPartition, ListOffsetsResultInfo> result =
                await(admin.listOffsets(request, new ListOffsetsOptions(isolation)).all());
        Map<Integer, Long> out = new TreeMap<>();
        result.forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new InvalidInputException("topic '" + settings.topic() + "' does not exist on "
                        + settings.bootstrapServers() + " (create it with ./sparkify produce or kafka-topics)");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable();
            }
            throw new ServiceUnavailableException("cannot read topic '" + settings.topic() + "' on "
                    + settings.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while checking topic " + settings.topic());
        }
    }

    private ServiceUnavailableException unreachable() {
        return new ServiceUnavailableException("Kafka brokers " + settings.bootstrapServers()
                + " not reachable within " + settings.connectTimeout().toSeconds() + " s (--connect-timeout)");
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
