package io.sparkify.ingest.compact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Reads and atomically rewrites the {@code _spark_metadata} log of a file-sink output: the list
 * of files readers of the directory see. Format (Spark's FileStreamSinkLog, version 1): one file
 * per batch named {@code <id>} or {@code <id>.compact}, first line {@code v1}, then one JSON
 * SinkFileStatus per line. A reader at latest batch L reads the newest {@code .compact} file at
 * or below L and every plain batch file after it.
 */
final class SinkLog {

    static final String METADATA_DIR = "_spark_metadata";
    private static final String VERSION_LINE = "v1";
    private static final String COMPACT_SUFFIX = ".compact";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Configuration conf;
    private final Path dir;

    SinkLog(Path table, Configuration conf) throws IOException {
        this.fs = table.getFileSystem(conf);
        this.conf = conf;
        this.dir = new Path(table, METADATA_DIR);
    }

    boolean exists() throws IOException {
        return fs.exists(dir);
    }

    /** One batch file of the log. */
    record BatchFile(long batchId, boolean compact, Path path) {
    }

    /** One line of a batch file: the file path (as Spark wrote it, URI-encoded) and the raw JSON. */
    record Entry(String path, String json) {
    }

    /** Batch files by id (a compact file wins over a plain file of the same id). */
    TreeMap<Long, BatchFile> batchFiles() throws IOException {
        TreeMap<Long, BatchFile> files = new TreeMap<>();
        for (FileStatus st : fs.listStatus(dir)) {
            String name = st.getPath().getName();
            boolean compact = name.endsWith(COMPACT_SUFFIX);
            String id = compact ? name.substring(0, name.length() - COMPACT_SUFFIX.length()) : name;
            if (!id.matches("\\d+")) {
                continue;
            }
            long batch = Long.parseLong(id);
            BatchFile f = new BatchFile(batch, compact, st.getPath());
            files.merge(batch, f, (a, b) -> a.compact ? a : b);
        }
        return files;
    }

    /** The batch files a reader at the latest batch reads: the newest compact file and the plain ones after it. */
    List<BatchFile> readable(TreeMap<Long, BatchFile> files) {
        List<BatchFile> out = new ArrayList<>();
        for (BatchFile f : files.descendingMap().values()) {
            out.add(0, f);
            if (f.compact) {
                break;
            }
        }
        return out;
    }

    List<Entry> entries(BatchFile f) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (FSDataInputStream in = fs.open(f.path);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String version = r.readLine();
            if (!VERSION_LINE.equals(version)) {
                throw new IOException(f.path + ": unsupported sink log version " + version);
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                out.add(new Entry(node.path("path").asText(), line));
            }
        }
        return out;
    }

    /** Paths of every visible file (what a reader of the table sees now). */
    Set<String> visiblePaths() throws IOException {
        Set<String> paths = new LinkedHashSet<>();
        for (BatchFile f : readable(batchFiles())) {
            for (Entry e : entries(f)) {
                paths.add(e.path());
            }
        }
        return paths;
    }

    /** A log line for a file, in the form Spark writes (SinkFileStatus, action add). */
    static String entryFor(FileStatus st) {
        ObjectNode n = JSON.createObjectNode();
        n.put("path", st.getPath().toUri().toString());
        n.put("size", st.getLen());
        n.put("isDir", st.isDirectory());
        n.put("modificationTime", st.getModificationTime());
        n.put("blockReplication", (int) st.getReplication());
        n.put("blockSize", st.getBlockSize());
        n.put("action", "add");
        return n.toString();
    }

    /**
     * Replaces batch file {@code f} with its entries minus {@code remove} plus {@code add}, in one
     * atomic rename: a reader reads either the old or the new version, never a mix.
     */
    void rewrite(BatchFile f, Set<String> remove, Collection<String> addJsonLines) throws IOException {
        StringBuilder content = new StringBuilder(VERSION_LINE);
        for (Entry e : entries(f)) {
            if (!remove.contains(e.path())) {
                content.append('\n').append(e.json());
            }
        }
        for (String line : addJsonLines) {
            content.append('\n').append(line);
        }
        // A name that is not a batch id, so Spark's log ignores the file while it is written.
        Path tmp = new Path(dir, "." + f.path.getName() + "." + UUID.randomUUID() + ".tmp");
        byte[] bytes = content.toString().getBytes(StandardCharsets.UTF_8);
        if (fs instanceof ChecksumFileSystem checksummed) {
            // Local disk: rename(2) replaces the file atomically. Drop the old checksum file first
            // (a file without one is read unverified) so no reader meets new data with an old checksum.
            FileSystem raw = checksummed.getRawFileSystem();
            try (OutputStream out = raw.create(tmp, false)) {
                out.write(bytes);
            }
            raw.delete(checksummed.getChecksumFile(f.path), false);
            if (!raw.rename(tmp, f.path)) {
                throw new IOException("cannot replace " + f.path + " with " + tmp);
            }
        } else {
            // HDFS and other Hadoop file systems: rename with OVERWRITE is one atomic namenode operation.
            FileContext fc = FileContext.getFileContext(dir.toUri(), conf);
            try (OutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
                out.write(bytes);
            }
            fc.rename(tmp, f.path, Options.Rename.OVERWRITE);
        }
    }
}
