package io.sparkify.ingest.maintenance;

import io.sparkify.error.InvalidInputException;
import io.sparkify.lake.DeltaTables;
import io.sparkify.lake.LakeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Delta's {@code VACUUM} on the lake's tables: deletes the files that no version within the
 * retention needs: files replaced by a compaction, and files a killed micro-batch wrote but never
 * committed. A reader or stream still on an older version than the retention would lose its files,
 * so a retention below the table's {@code delta.deletedFileRetentionDuration} is refused by Delta
 * unless explicitly allowed.
 */
public final class LakeVacuum {

    /** Delta's guard against a retention shorter than the table's {@code delta.deletedFileRetentionDuration}. */
    static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    private final SparkSession spark;

    /** @param spark allowing a short retention sets a conf on this session: give the vacuum one of its own */
    public LakeVacuum(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * What one table's vacuum did.
     *
     * @param table {@code events} or {@code quarantine}
     * @param filesDeleted files deleted (listed by a dry run just before; -1 when the table does not exist)
     */
    public record Result(String table, long filesDeleted) {
    }

    /**
     * @param retainHours keep files that versions of the last this-many hours need; null for the
     *     table's {@code delta.deletedFileRetentionDuration}
     * @param allowShortRetention accept a retention below the table's setting (only when no reader
     *     or stream is on an older version)
     */
    public List<Result> run(LakeLayout lake, Double retainHours, boolean allowShortRetention) {
        if (retainHours != null && (retainHours < 0 || retainHours.isNaN())) {
            throw new InvalidInputException("--retain must be 0 hours or more, not " + retainHours);
        }
        spark.conf().set(RETENTION_CHECK, Boolean.toString(!allowShortRetention));
        List<Result> results = new ArrayList<>();
        results.add(vacuum(LakeLayout.EVENTS_DIR, lake.events(), retainHours));
        results.add(vacuum(LakeLayout.QUARANTINE_DIR, lake.quarantine(), retainHours));
        return results;
    }

    private Result vacuum(String table, String uri, Double retainHours) {
        if (!DeltaTables.exists(spark, uri)) {
            return new Result(table, -1);
        }
        String sql = "VACUUM " + DeltaTables.identifier(spark, uri)
                + (retainHours == null ? "" : String.format(Locale.ROOT, " RETAIN %s HOURS", retainHours));
        try {
            long files = spark.sql(sql + " DRY RUN").count();
            spark.sql(sql).collect();
            return new Result(table, files);
        } catch (IllegalArgumentException e) {
            // Delta's retention check: "requirement failed: Are you sure you would like to vacuum files with such a low retention period? ..."
            throw new InvalidInputException(table + ": --retain " + retainHours + " hours is shorter than the "
                    + "table's delta.deletedFileRetentionDuration; readers or streams on older versions would lose "
                    + "their files. Add --allow-short-retention only if none runs. (" + e.getMessage().lines()
                    .findFirst().orElse("") + ")", e);
        }
    }
}
