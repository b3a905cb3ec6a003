package io.sparkify.testsupport.hdfs;

import io.sparkify.testsupport.IntegrationTier;
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
 * parameter (constructor, {@code @BeforeAll} or test method). One MiniDFSCluster per test JVM (a
 * NameNode and a DataNode in this JVM, on free ports, data in a temporary directory), started by
 * the first class that asks for it and shut down after the last: classes should work under paths
 * of their own. Paths are {@code hdfs://localhost:<port>/...}, so Spark and any Hadoop client in
 * the JVM (or a child JVM) reach it without extra configuration. A class using it must be tagged
 * {@code @Tag("integration")}.
 */
public final class MiniHdfs implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MiniHdfs.class);
    private static final String KEY = "hdfs";

    @Override
    public void beforeAll(ExtensionContext context) {
        IntegrationTier.require(context, "HDFS (MiniDFSCluster)");
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestHdfs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The JVM's cluster, started on first use; the root store shuts it down after the last class. */
    private static TestHdfs shared(ExtensionContext context) {
        return context.getRoot().getStore(NS).computeIfAbsent(KEY, key -> Cluster.start(), Cluster.class);
    }

    /** The running cluster; closed by JUnit with the root store. */
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
