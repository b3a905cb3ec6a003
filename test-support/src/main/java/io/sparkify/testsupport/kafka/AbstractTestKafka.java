package io.sparkify.testsupport.kafka;

import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic handling shared by every kind of test cluster; subclasses say where the cluster is and how it stops. */
abstract class AbstractTestKafka implements TestKafka, AutoCloseable {

    @Override
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    @Override
    public void createTopic(String name, int partitions) {
        Properties p = clientProperties();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // Metadata reaches the broker's cache a moment after creation; wait so clients see it at once.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (hasLeaders(admin, name)) {
                    awaitLeadersServe(admin, name, partitions);
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("topic " + name + " has no leader after 30 s");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /**
     * Waits until every partition's leader answers for it (ListOffsets is served by the leader's
     * replica manager). The broker's metadata can name a leader a moment before that broker acts
     * as one; an idempotent producer whose first batch is refused then (NOT_LEADER_OR_FOLLOWER)
     * while later batches are taken retries it forever as OUT_OF_ORDER_SEQUENCE_NUMBER. A broker
     * shared by many test classes makes that window wide enough to hit.
     */
    static void awaitLeadersServe(Admin admin, String name, int partitions)
            throws ExecutionException, TimeoutException, InterruptedException {
        java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new org.apache.kafka.common.TopicPartition(name, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
    }

    /** False until every partition has a leader; a topic the broker does not know yet is not an error here. */
    private static boolean hasLeaders(Admin admin, String name)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(name).partitions().stream().allMatch(tp -> tp.leader() != null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String newTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Stops the cluster if this test run started it. */
    @Override
    public abstract void close();

    @Override
    public String toString() {
        return kind() + " Kafka at " + bootstrapServers();
    }
}
