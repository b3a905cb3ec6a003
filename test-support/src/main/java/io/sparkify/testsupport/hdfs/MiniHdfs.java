package io.sparkify.testsupport.hdfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a real HDFS: {@code @ExtendWith(MiniHdfs.class)} and a {@link TestHdfs}
 * parameter (constructor, {@code @BeforeAll} or test method). One MiniDFSCluster (a NameNode and
 * a DataNode in this JVM, on free ports, data in a temporary directory) is started before the
 * class's first test and shut down after its last. Paths are {@code hdfs://localhost:<port>/...},
 * so Spark and any Hadoop client in the JVM (or a child JVM) reach it without extra configuration.
 */
public final class MiniHdfs implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MiniHdfs.class);
    private static final String KEY = "hdfs";

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        if (store.get(KEY) == null) {
            // The class's own store: JUnit closes the cluster when the class is done.
            store.put(KEY, Cluster.start());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestHdfs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Cluster cluster = context.getStore(NS).get(KEY, Cluster.class);
        if (cluster == null) {
            throw new IllegalStateException("no HDFS for " + context.getDisplayName()
                    + ": use @ExtendWith(MiniHdfs.class) on the test class");
        }
        return cluster;
    }

    /** The running cluster; closed by JUnit with the test class's store. */
    private static final class Cluster implements TestHdfs, AutoCloseable {
        private final MiniDFSCluster dfs;
        private final Path baseDir;
        private final String uri;

        private Cluster(MiniDFSCluster dfs, Path baseDir) {
            this.dfs = dfs;
            this.baseDir = baseDir;
            this.uri = "hdfs://localhost:" + dfs.getNameNodePort();
        }

        static Cluster start() {
            try {
                Path baseDir = Files.createTempDirectory("sparkify-minidfs-");
                Configuration conf = new Configuration();
                conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
                // A single DataNode: one replica, and no waiting for more.
                conf.setInt("dfs.replication", 1);
                conf.setBoolean("dfs.permissions.enabled", false);
                MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf)
                        .numDataNodes(1)
                        .format(true)
                        .build();
                dfs.waitClusterUp();
                return new Cluster(dfs, baseDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start MiniDFSCluster: " + e.getMessage(), e);
            }
        }

        @Override
        public String uri() {
            return uri;
        }

        @Override
        public Configuration configuration() {
            Configuration conf = new Configuration();
            conf.set("fs.defaultFS", uri);
            return conf;
        }

        @Override
        public FileSystem fileSystem() throws IOException {
            return FileSystem.get(URI.create(uri), configuration());
        }

        @Override
        public void close() {
            dfs.shutdown();
            try (Stream<Path> paths = Files.walk(baseDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // left for the OS to clean
            }
        }
    }
}
