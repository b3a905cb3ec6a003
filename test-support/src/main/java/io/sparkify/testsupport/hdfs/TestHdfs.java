package io.sparkify.testsupport.hdfs;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** A running HDFS (MiniDFSCluster: one NameNode, one DataNode) given to a test class by {@link MiniHdfs}. */
public interface TestHdfs {

    /** The file system's root, {@code hdfs://localhost:<port>}; any Hadoop client reaches it with a default configuration. */
    String uri();

    /** {@code hdfs://localhost:<port>/<path>} (a leading slash is optional). */
    default String uri(String path) {
        return uri() + (path.startsWith("/") ? path : "/" + path);
    }

    /** A client configuration whose default file system is this HDFS. */
    Configuration configuration();

    /** A client of this HDFS. */
    FileSystem fileSystem() throws IOException;
}
