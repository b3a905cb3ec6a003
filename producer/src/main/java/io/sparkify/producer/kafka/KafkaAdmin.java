package io.sparkify.producer.kafka;

import io.sparkify.error.OperationFailedException;
import io.sparkify.error.ServiceUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The admin operations a command needs before it reads or writes: is the cluster reachable
 * (else a {@link ServiceUnavailableException} after the connect timeout) and does the topic exist.
 */
public final class KafkaAdmin implements AutoCloseable {

    /** A clean close has nothing pending and returns at once; this only bounds a stuck one. */
    private static final Duration CLOSE = Duration.ofSeconds(5);
    /**
     * After a call timed out the client still holds it: close without waiting for it, so a
     * command gives up within its connect timeout and not up to {@link #CLOSE} later.
     */
    private static final Duration ABANDON = Duration.ofMillis(100);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(100);

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;
    private volatile boolean abandoned;

    private KafkaAdmin(Admin admin, String bootstrapServers, Duration timeout) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /**
     * Connects and checks that at least one broker answers within {@code timeout}.
     *
     * @throws ServiceUnavailableException when it does not
     */
    public static KafkaAdmin connect(ClientConfig config, Duration timeout) {
        Properties p = config.common();
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(ms));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(ms));
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            throw unavailable(config.bootstrapServers(), timeout, rootMessage(e), e);
        }
        KafkaAdmin ka = new KafkaAdmin(admin, config.bootstrapServers(), timeout);
        try {
            if (admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS).isEmpty()) {
                ka.abandon();
                throw unavailable(config.bootstrapServers(), timeout, "no broker in the cluster", null);
            }
        } catch (ExecutionException | TimeoutException e) {
            ka.abandon();
            throw unavailable(config.bootstrapServers(), timeout, rootMessage(e), e);
        } catch (InterruptedException e) {
            ka.abandon();
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while connecting to Kafka at " + config.bootstrapServers());
        }
        return ka;
    }

    /** The topic as it is now, or empty when it does not exist. */
    public Optional<TopicDescription> describe(String topic) {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new OperationFailedException("cannot describe topic " + topic + " on " + bootstrapServers + ": "
                    + rootMessage(e), e);
        } catch (TimeoutException e) {
            abandoned = true;
            throw unavailable(bootstrapServers, timeout, "describing topic " + topic + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted");
        }
    }

    /** Creates the topic; false when someone else created it meanwhile. */
    public boolean create(TopicSpec spec) {
        try {
            admin.createTopics(List.of(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(spec);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new OperationFailedException("cannot create topic " + spec.name() + " on " + bootstrapServers
                    + ": " + rootMessage(e), e);
        } catch (TimeoutException e) {
            abandoned = true;
            throw unavailable(bootstrapServers, timeout, "creating topic " + spec.name() + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted");
        }
    }

    /**
     * Returns when every partition's leader answers for it (ListOffsets is served by the leader).
     * Metadata can name a new partition's leader a moment before that broker acts as one; an
     * idempotent producer whose first batch is refused then, while later batches are taken, retries
     * it as OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (seen on a busy broker).
     */
    private void awaitLeaders(TopicSpec spec) throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < spec.partitions(); p++) {
            latest.put(new TopicPartition(spec.name(), p), OffsetSpec.latest());
        }
        // The admin client's metadata can lag the controller's answer to createTopics: until it has
        // the new topic, ListOffsets fails at once with UnknownTopicOrPartition instead of retrying.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                admin.listOffsets(latest).all().get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() + RETRY_BACKOFF.toNanos() >= deadline) {
                    throw e;
                }
                Thread.sleep(RETRY_BACKOFF.toMillis());
            }
        }
    }

    @Override
    public void close() {
        admin.close(abandoned ? ABANDON : CLOSE);
    }

    private void abandon() {
        abandoned = true;
        close();
    }

    static ServiceUnavailableException unavailable(String servers, Duration timeout, String why, Throwable cause) {
        return new ServiceUnavailableException("Kafka at " + servers + " is not reachable (waited "
                + human(timeout) + "): " + why + ". Is the broker running? Start one with ./sparkify kafka, or "
                + "set --bootstrap-servers / --connect-timeout.", cause);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
