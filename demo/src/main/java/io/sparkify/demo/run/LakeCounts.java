package io.sparkify.demo.run;

import io.sparkify.lake.LakeLayout;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * Rows in the lake, read back with Spark after the ingest: what a reader of the lake sees (the
 * file sink's log decides which files count), not what the ingest believes it wrote.
 *
 * @param events rows in {@code <lake>/events}
 * @param quarantined rows in {@code <lake>/quarantine}
 */
public record LakeCounts(long events, long quarantined) {

    public static LakeCounts read(SparkSession spark, LakeLayout lake) throws IOException {
        return new LakeCounts(rows(spark, lake.events()), rows(spark, lake.quarantine()));
    }

    /** A sink that never received a record (a clean log has no quarantine) has no data file yet: 0 rows. */
    private static long rows(SparkSession spark, String uri) throws IOException {
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(path) || !hasDataFile(fs, path)) {
            return 0;
        }
        return spark.read().parquet(uri).count();
    }

    private static boolean hasDataFile(FileSystem fs, Path dir) throws IOException {
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
        while (files.hasNext()) {
            Path p = files.next().getPath();
            if (p.getName().endsWith(".parquet") && !p.toString().contains("/_spark_metadata/")) {
                return true;
            }
        }
        return false;
    }

    public long total() {
        return events + quarantined;
    }
}
