package io.sparkify.demo.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** How many records a topic holds: the sum over its partitions of end offset minus start offset. */
final class TopicRecords {

    private TopicRecords() {
    }

    /** 0 when the topic does not exist. */
    static long count(String bootstrapServers, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return 0;
                }
                throw e;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            description.partitions().forEach(pi -> {
                TopicPartition tp = new TopicPartition(topic, pi.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            });
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
            long total = 0;
            for (TopicPartition tp : latest.keySet()) {
                total += ends.get(tp).offset() - starts.get(tp).offset();
            }
            return total;
        }
    }
}
