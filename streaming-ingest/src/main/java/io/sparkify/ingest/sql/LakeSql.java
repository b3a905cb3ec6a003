package io.sparkify.ingest.sql;

import io.sparkify.error.InvalidInputException;
import io.sparkify.ingest.lake.LakeTables;
import io.sparkify.lake.DeltaTables;
import io.sparkify.lake.LakeLayout;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL over the lake: {@code events} and {@code quarantine} as temporary views of the latest
 * version of each Delta table (committed micro-batches only; a compaction switches atomically).
 * Delta's own SQL works too, by path: {@code DESCRIBE HISTORY delta.`<lake>/events`},
 * {@code SELECT ... FROM delta.`<lake>/events` VERSION AS OF 12}.
 */
public final class LakeSql {

    public static final String EVENTS = "events";
    public static final String QUARANTINE = "quarantine";

    private LakeSql() {
    }

    /**
     * Registers the lake's tables that exist in {@code spark} (as temporary views of this session).
     *
     * @return the names of the views registered
     */
    public static List<String> register(SparkSession spark, LakeLayout lake) {
        List<String> names = new ArrayList<>();
        if (DeltaTables.exists(spark, lake.events())) {
            LakeTables.events(spark, lake).createOrReplaceTempView(EVENTS);
            names.add(EVENTS);
        }
        if (DeltaTables.exists(spark, lake.quarantine())) {
            LakeTables.quarantine(spark, lake).createOrReplaceTempView(QUARANTINE);
            names.add(QUARANTINE);
        }
        return names;
    }

    /**
     * Runs {@code sql} with the lake's tables registered. Bad SQL (syntax, unknown table or
     * column) is an {@link InvalidInputException}.
     */
    public static Dataset<Row> query(SparkSession spark, String lakeUri, String sql) {
        LakeLayout lake = new LakeLayout(lakeUri);
        List<String> tables = register(spark, lake);
        try {
            return spark.sql(sql);
        } catch (Exception e) {
            if (!isAnalysisError(e)) {
                throw asUnchecked(e);
            }
            String known = tables.isEmpty() ? "no tables: " + lake.root() + " has no events or quarantine yet"
                    : "tables: " + String.join(", ", tables);
            throw new InvalidInputException("bad SQL: " + e.getMessage().strip() + " (" + known + ")", e);
        }
    }

    /** Spark's AnalysisException (bad syntax, unknown table or column) is a Scala, hence undeclared, exception. */
    private static boolean isAnalysisError(Throwable e) {
        return e instanceof AnalysisException;
    }

    private static RuntimeException asUnchecked(Exception e) {
        return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
}
