package io.sparkify.ingest.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.lake.DeltaTables;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Where one ingest query stands on disk before it starts. Delta's streaming sink commits each
 * micro-batch with a transaction id (app id = the query's id from its checkpoint, version =
 * the batch id) and skips a batch whose id is at or below the one recorded. Spark writes a
 * batch's offsets first, then the Delta commit, then its own commit, so a healthy pair has
 * {@code committed <= sink <= committed + 1}.
 *
 * @param table {@code events} or {@code quarantine}
 * @param tableUri the table's directory
 * @param checkpointUri the query's checkpoint directory
 * @param sinkBatch latest batch id the table recorded for this checkpoint's query
 * @param plannedBatch latest batch id in the checkpoint's offset log
 * @param committedBatch latest batch id in the checkpoint's commit log
 * @param tableExists the table has a Delta log
 * @param otherQueries streaming queries (other than this checkpoint's) that wrote the table, with their latest batch
 */
record QueryState(String table, String tableUri, String checkpointUri, OptionalLong sinkBatch,
        OptionalLong plannedBatch, OptionalLong committedBatch, boolean tableExists, Map<String, Long> otherQueries) {

    private static final ObjectMapper JSON = new ObjectMapper();

    QueryState {
        otherQueries = Map.copyOf(otherQueries);
    }

    /** A state whose table, when it has the sink batch, was written by this checkpoint only. */
    QueryState(String table, String tableUri, String checkpointUri, OptionalLong sinkBatch, OptionalLong plannedBatch,
            OptionalLong committedBatch) {
        this(table, tableUri, checkpointUri, sinkBatch, plannedBatch, committedBatch, sinkBatch.isPresent(), Map.of());
    }

    /** @throws io.sparkify.error.InvalidInputException for a table of the previous release (parquet with a sink log) */
    static QueryState read(String table, String tableUri, String checkpointUri, SparkSession spark) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            boolean exists = DeltaTables.exists(spark, tableUri);
            String queryId = queryId(new Path(checkpointUri, "metadata"), conf);
            OptionalLong sink = OptionalLong.empty();
            Map<String, Long> others = new java.util.TreeMap<>();
            if (exists) {
                Snapshot snapshot = DeltaLog.forTable(spark, tableUri).update(false, Option.empty(), Option.empty());
                for (Map.Entry<String, Object> t : CollectionConverters.asJava(snapshot.transactions()).entrySet()) {
                    long version = ((Number) t.getValue()).longValue();
                    if (t.getKey().equals(queryId)) {
                        sink = OptionalLong.of(version);
                    } else {
                        others.put(t.getKey(), version);
                    }
                }
            }
            return new QueryState(table, tableUri, checkpointUri, sink,
                    latestBatchId(new Path(checkpointUri, "offsets"), conf),
                    latestBatchId(new Path(checkpointUri, "commits"), conf), exists, others);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state of " + tableUri + " and " + checkpointUri
                    + ": " + e.getMessage(), e);
        }
    }

    /** The query has planned a batch: Spark resumes it from its checkpoint and ignores starting offsets. */
    boolean started() {
        return plannedBatch.isPresent();
    }

    /** The id Spark keeps in {@code <checkpoint>/metadata} and Delta's sink uses as transaction app id; null if none. */
    static String queryId(Path metadata, Configuration conf) throws IOException {
        FileSystem fs = metadata.getFileSystem(conf);
        if (!fs.exists(metadata)) {
            return null;
        }
        try (InputStream in = fs.open(metadata)) {
            JsonNode id = JSON.readTree(in).path("id");
            return id.isMissingNode() ? null : id.asText();
        }
    }

    /** Largest {@code N} file name in a checkpoint log directory; empty if none. */
    static OptionalLong latestBatchId(Path dir, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        FileStatus[] files;
        try {
            if (!fs.getFileStatus(dir).isDirectory()) {
                return OptionalLong.empty();
            }
            files = fs.listStatus(dir);
        } catch (FileNotFoundException | org.apache.hadoop.fs.ParentNotDirectoryException e) {
            return OptionalLong.empty();
        }
        long latest = -1;
        for (FileStatus f : files) {
            String id = f.getPath().getName();
            if (!id.isEmpty() && id.chars().allMatch(Character::isDigit)) {
                latest = Math.max(latest, Long.parseLong(id));
            }
        }
        return latest < 0 ? OptionalLong.empty() : OptionalLong.of(latest);
    }
}
