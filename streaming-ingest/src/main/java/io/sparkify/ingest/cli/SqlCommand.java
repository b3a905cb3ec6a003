package io.sparkify.ingest.cli;

import io.sparkify.cli.ExitCodes;
import io.sparkify.ingest.sql.LakeSql;
import io.sparkify.ingest.sql.OutputFormat;
import io.sparkify.ingest.sql.ResultPrinter;
import io.sparkify.spark.SparkSessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparkify sql "SELECT ..."}: Spark SQL over the lake, results on stdout. */
@Command(name = "sql",
        description = {"Run Spark SQL over the lake, with tables events and quarantine. Results go to stdout "
                + "(an aligned table, or csv / json lines for pipes), logs to stderr.",
                "Exit codes: 0 done, 1 the query failed while running, 2 bad SQL or usage."},
        mixinStandardHelpOptions = true, sortOptions = false)
final class SqlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SQL", description = "The statement, e.g. \"SELECT page, count(*) FROM events GROUP BY page\".")
    String sql;

    @Option(names = "--lake", paramLabel = "URI", description = "Lake root. Default: conf lake.uri.")
    String lake;

    @Option(names = "--format", paramLabel = "table|csv|json", description = "Output format; json is one object per line. Default: ${DEFAULT-VALUE}.")
    OutputFormat format = OutputFormat.TABLE;

    @Option(names = "--max-rows", paramLabel = "N", description = "Print at most N rows. Default: ${DEFAULT-VALUE}.")
    int maxRows = 10_000;

    @Option(names = "--master", description = "Spark master when run from the launcher. Default: conf spark.master.")
    String master;

    @Override
    public Integer call() {
        SparkSession spark = SparkSessions.create("sparkify-sql", master);
        Dataset<Row> result = LakeSql.query(spark, LakeUris.qualify(lake), sql);
        ResultPrinter.print(result, format, maxRows, spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
