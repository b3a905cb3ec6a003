package io.sparkify.demo.run;

import io.sparkify.lake.AsOf;
import io.sparkify.lake.DeltaTables;
import io.sparkify.lake.LakeLayout;
import java.io.IOException;
import org.apache.spark.sql.SparkSession;

/**
 * Rows in the lake, read back with Spark after the ingest: what a reader of the lake sees (the
 * Delta log decides which files count), not what the ingest believes it wrote.
 *
 * @param events rows in {@code <lake>/events}
 * @param quarantined rows in {@code <lake>/quarantine}
 */
public record LakeCounts(long events, long quarantined) {

    public static LakeCounts read(SparkSession spark, LakeLayout lake) throws IOException {
        return new LakeCounts(rows(spark, lake.events()), rows(spark, lake.quarantine()));
    }

    /** A table the ingest has not created yet has no rows. */
    private static long rows(SparkSession spark, String uri) {
        return DeltaTables.exists(spark, uri) ? DeltaTables.read(spark, uri, AsOf.LATEST).rows().count() : 0;
    }

    public long total() {
        return events + quarantined;
    }
}
