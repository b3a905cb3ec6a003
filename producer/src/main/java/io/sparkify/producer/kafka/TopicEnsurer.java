package io.sparkify.producer.kafka;

import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.TopicDescription;

/** Makes sure the topic exists before a replay: creates it when missing, reports when it differs from what was asked. */
public final class TopicEnsurer {

    private final KafkaAdmin admin;
    private final Consumer<String> notice;

    /** @param notice where to tell the user what happened (stderr for the CLI) */
    public TopicEnsurer(KafkaAdmin admin, Consumer<String> notice) {
        this.admin = admin;
        this.notice = notice;
    }

    /** @return true when this call created the topic */
    public boolean ensure(TopicSpec spec) {
        Optional<TopicDescription> existing = admin.describe(spec.name());
        if (existing.isEmpty()) {
            if (admin.create(spec)) {
                notice.accept("created topic " + spec.name() + " (" + spec.partitions() + " partitions, replication factor "
                        + spec.replicationFactor() + ")");
                return true;
            }
            existing = admin.describe(spec.name());
        }
        existing.ifPresent(d -> {
            int partitions = d.partitions().size();
            int rf = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
            if (partitions != spec.partitions() || rf != spec.replicationFactor()) {
                notice.accept("topic " + spec.name() + " already exists with " + partitions + " partitions, replication factor "
                        + rf + " (asked for " + spec.partitions() + " and " + spec.replicationFactor() + "); using it as it is");
            }
        });
        return false;
    }
}
