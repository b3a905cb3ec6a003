package io.sparkify.ingest.maintenance;

import io.sparkify.ingest.lake.LakeTables;
import io.sparkify.ingest.lake.TableProperties;
import io.sparkify.lake.DeltaTables;
import io.sparkify.lake.LakeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * Converts a lake of the previous release (parquet written by Spark's file sink, listed by its
 * {@code _spark_metadata} log) into Delta tables in place, with Delta's {@code CONVERT TO DELTA}.
 * Delta takes the file list from the sink log ({@code spark.databricks.delta.convert.useMetadataLog}),
 * so files of batches that were killed before their log entry are left out, as Spark's readers
 * left them out. No data file is rewritten or moved. The ingest's checkpoint stays valid: the next
 * batch of each query is written to the Delta table.
 */
public final class LakeConversion {

    static final String USE_METADATA_LOG = "spark.databricks.delta.convert.useMetadataLog";

    private final SparkSession spark;

    public LakeConversion(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * What was done to one table.
     *
     * @param table {@code events} or {@code quarantine}
     * @param action {@code converted}, {@code already-delta} or {@code created} (the table did not exist: an empty one)
     * @param files data files in the Delta table's first version
     */
    public record Result(String table, String action, long files) {
    }

    public List<Result> convert(LakeLayout lake) {
        spark.conf().set(USE_METADATA_LOG, "true");
        List<Result> results = new ArrayList<>();
        results.add(convert(LakeLayout.EVENTS_DIR, lake.events(), LakeLayout.EVENT_DATE));
        results.add(convert(LakeLayout.QUARANTINE_DIR, lake.quarantine(), LakeLayout.QUARANTINE_DATE));
        // A missing table (a quiet quarantine never got a file) is created empty, with the properties.
        LakeTables.createIfMissing(spark, lake, TableProperties.defaults());
        return results;
    }

    private Result convert(String table, String uri, String partitionColumn) {
        DeltaTables.Format format = DeltaTables.format(spark.sparkContext().hadoopConfiguration(), uri);
        if (format == DeltaTables.Format.DELTA) {
            return new Result(table, "already-delta", files(uri));
        }
        if (format == DeltaTables.Format.ABSENT) {
            return new Result(table, "created", 0);
        }
        spark.sql("CONVERT TO DELTA parquet.`" + uri + "` PARTITIONED BY (" + partitionColumn + " DATE)").collect();
        Map<String, String> props = TableProperties.defaults();
        spark.sql("ALTER TABLE " + DeltaTables.identifier(spark, uri) + " SET TBLPROPERTIES (" + props.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'").collect(Collectors.joining(", ")) + ")")
                .collect();
        return new Result(table, "converted", files(uri));
    }

    private long files(String uri) {
        return spark.sql("DESCRIBE DETAIL " + DeltaTables.identifier(spark, uri)).select("numFiles").first().getLong(0);
    }
}
