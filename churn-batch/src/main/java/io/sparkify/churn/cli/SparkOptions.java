package io.sparkify.churn.cli;

import io.sparkify.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The Spark options every churn command shares (a picocli mixin). */
final class SparkOptions {

    @Option(names = "--master", paramLabel = "MASTER",
            description = "Spark master when run from ./sparkify (ignored under spark-submit). Default: ${DEFAULT-VALUE} (conf spark.master).")
    String master;

    SparkSession session(String command) {
        return SparkSessions.create("sparkify-" + command, master);
    }
}
