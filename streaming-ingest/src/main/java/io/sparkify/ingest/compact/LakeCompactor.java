package io.sparkify.ingest.compact;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import io.sparkify.lake.DeltaTables;
import io.sparkify.lake.LakeLayout;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Compacts the lake with Delta's {@code OPTIMIZE}: the small files the streaming ingest writes
 * (one per day and micro-batch) are rewritten into files of about the target size, in one
 * commit with {@code dataChange=false}. The ingest may keep writing: its commits only add files,
 * which do not conflict with a compaction. Readers are unaffected: those that started before the
 * commit keep reading their version's files, which stay on disk until {@code vacuum} and its
 * retention.
 */
public final class LakeCompactor {

    /** Delta's target size of files written by OPTIMIZE. */
    static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";

    private final SparkSession spark;
    private final CompactionSettings settings;

    /** @param spark the target file size is set on this session: give the compaction one of its own */
    public LakeCompactor(SparkSession spark, CompactionSettings settings) {
        this.spark = spark;
        this.settings = settings;
    }

    public List<CompactionResult> run() {
        spark.conf().set(MAX_FILE_SIZE, Long.toString(settings.targetFileBytes()));
        LakeLayout lake = settings.lake();
        List<CompactionResult> results = new ArrayList<>();
        results.add(optimize(LakeLayout.EVENTS_DIR, lake.events(), LakeLayout.EVENT_DATE, settings.zOrderByUser()));
        // Quarantine rows are looked up by reason and offset, not by user: compaction only.
        results.add(optimize(LakeLayout.QUARANTINE_DIR, lake.quarantine(), LakeLayout.QUARANTINE_DATE, false));
        return results;
    }

    private CompactionResult optimize(String table, String uri, String partitionColumn, boolean zOrder) {
        if (!DeltaTables.exists(spark, uri)) {
            return new CompactionResult(table, 0, 0, -1, -1, false);
        }
        long before = DeltaTables.latestVersion(spark, uri);
        DeltaOptimizeBuilder optimize = DeltaTable.forPath(spark, uri).optimize();
        String predicate = settings.predicate(partitionColumn);
        if (predicate != null) {
            optimize = optimize.where(predicate);
        }
        Dataset<Row> out = zOrder ? optimize.executeZOrderBy(CompactionSettings.Z_ORDER_COLUMN)
                : optimize.executeCompaction();
        Row metrics = out.select("metrics.numFilesRemoved", "metrics.numFilesAdded").first();
        long removed = metrics.getLong(0);
        long added = metrics.getLong(1);
        long after = removed == 0 && added == 0 ? before : committedVersion(uri, before);
        return new CompactionResult(table, removed, added, before, after, zOrder);
    }

    /** The first OPTIMIZE after {@code before}: the ingest may have committed since, so not simply the latest. */
    private long committedVersion(String uri, long before) {
        List<Row> rows = spark.sql("DESCRIBE HISTORY " + DeltaTables.identifier(spark, uri))
                .filter(col("operation").equalTo("OPTIMIZE").and(col("version").gt(before)))
                .orderBy(col("version")).select("version").limit(1).collectAsList();
        return rows.isEmpty() ? before : rows.get(0).getLong(0);
    }
}
