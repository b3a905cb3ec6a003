package io.sparkify.cluster.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the one-host cluster.
 *
 * @param dir          everything the cluster keeps: HDFS blocks and metadata, Kafka logs, YARN's
 *                     container directories, the client files it writes
 * @param fresh        delete {@code dir} first
 * @param hdfsPort     the namenode's RPC port; 0 reuses the previous run's, else a free one
 * @param kafkaPort    the broker's client port; 0 reuses the previous run's, else a free one
 * @param nodeMemoryMb memory the nodemanager offers to containers
 * @param nodeVcores   virtual cores the nodemanager offers to containers
 */
public record ClusterSettings(Path dir, boolean fresh, int hdfsPort, int kafkaPort, int nodeMemoryMb, int nodeVcores) {

    /** Room for two applications at the deploy.env sizes (an AM/driver and an executor each). */
    public static final int DEFAULT_NODE_MEMORY_MB = 8192;
    public static final int DEFAULT_NODE_VCORES = 8;

    public ClusterSettings {
        Objects.requireNonNull(dir, "dir");
        for (int port : new int[] {hdfsPort, kafkaPort}) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("ports must be 0..65535, not " + port);
            }
        }
        if (nodeMemoryMb < 1024) {
            throw new IllegalArgumentException("the nodemanager needs at least 1024 MB, not " + nodeMemoryMb);
        }
        if (nodeVcores < 1) {
            throw new IllegalArgumentException("the nodemanager needs at least 1 vcore, not " + nodeVcores);
        }
    }

    /** A throw-away cluster on free ports, as tests use. */
    public static ClusterSettings ephemeral(Path dir) {
        return new ClusterSettings(dir, true, 0, 0, DEFAULT_NODE_MEMORY_MB, DEFAULT_NODE_VCORES);
    }
}
