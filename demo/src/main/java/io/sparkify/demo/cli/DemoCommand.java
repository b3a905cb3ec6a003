package io.sparkify.demo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkify.cli.ExitCodes;
import io.sparkify.demo.run.DemoService;
import io.sparkify.demo.run.DemoSettings;
import io.sparkify.demo.run.DemoSummary;
import io.sparkify.error.InvalidInputException;
import io.sparkify.lake.LakeLayout;
import io.sparkify.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify demo}: options to settings, one SparkSession, the run, the summary. */
@Command(name = "demo",
        description = {"The whole pipeline on this machine: start a local Kafka broker, replay the event log into it, "
                + "stream it into the Delta lake, train and evaluate the churn models (champion/challenger), score "
                + "the active users and write the HTML report; then print a summary.",
                "A second run reuses the first one's state (the replay is skipped when the topic already holds it; "
                        + "the ingest adds nothing twice; a new model version is trained); --fresh starts over.",
                "Exit codes: 0 done, 1 a stage failed (named), 2 bad usage or leftover state that needs --fresh, "
                        + "3 the broker was unreachable, 4 the model registry is locked by another training run."},
        mixinStandardHelpOptions = true, sortOptions = false)
public final class DemoCommand implements Callable<Integer> {

    static final String DEFAULT_DATA = "data/sparkify-events-450u.json.gz";

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Event log to replay (.json or .json.gz, e.g. the Udacity medium file). Default: " + DEFAULT_DATA + ".")
    Path data;

    @Option(names = "--speedup", paramLabel = "X",
            description = "Replay in event time X times faster (watch it stream: the ingest runs meanwhile). "
                    + "Default: full speed, then ingest. The 450-user sample spans 61 days: --speedup 20000 takes about 4.5 minutes.")
    Double speedup;

    @Option(names = "--raw", description = "Send lines unvalidated, so that the streaming job's quarantine does all the validating.")
    boolean raw;

    @Option(names = "--port", paramLabel = "PORT", description = "Port of the local broker. Default: a free one.")
    int port;

    @Option(names = "--topic", paramLabel = "NAME", description = "Topic to replay into. Default: ${DEFAULT-VALUE} (conf kafka.topic).")
    String topic;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the topic. Default: ${DEFAULT-VALUE} (conf kafka.partitions).")
    int partitions;

    @Option(names = "--lake", paramLabel = "URI", description = "Lake root, any Hadoop URI. Default: ${DEFAULT-VALUE} (conf lake.uri).")
    String lake;

    @Option(names = "--models", paramLabel = "URI", description = "Model registry. Default: ${DEFAULT-VALUE} (conf models.uri).")
    String models;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "The demo's local state: broker data, replay record, rejects, scores. Default: ${DEFAULT-VALUE} (conf work.dir).")
    Path workDir;

    @Option(names = "--report", paramLabel = "FILE", description = "HTML report to write. Default: <work-dir>/report.html.")
    String report;

    @Option(names = "--master", paramLabel = "MASTER", description = "Spark master. Default: ${DEFAULT-VALUE} (conf spark.master).")
    String master;

    @Option(names = "--fresh", description = "Delete the previous run's state first (broker data, lake, models, scores, report).")
    boolean fresh;

    @Option(names = "--quick", description = "Smaller training (one setting per model family, forward evaluation only): "
            + "same code path, for smoke runs and CI.")
    boolean quick;

    @Option(names = "--top", paramLabel = "N", description = "At-risk users in the summary. Default: ${DEFAULT-VALUE}.")
    int top = 5;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DemoSettings settings;
        try {
            settings = new DemoSettings(data != null ? data : defaultData(), port,
                    speedup == null ? OptionalDouble.empty() : OptionalDouble.of(speedup), raw, topic, partitions,
                    new LakeLayout(lake), models, workDir,
                    report != null ? report : workDir.resolve("report.html").toString(), fresh, quick, top);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        SparkSession spark = SparkSessions.create("sparkify-demo", master);
        DemoSummary summary = new DemoService(spark, spec.commandLine().getErr()).run(settings);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? new ObjectMapper().writeValueAsString(summary.toMap()) : summary.text());
        out.flush();
        return ExitCodes.OK;
    }

    /** The sample in the project's data/ folder, found from the launcher's SPARKIFY_HOME or the working directory. */
    private static Path defaultData() {
        String home = System.getProperty("sparkify.home", System.getenv().getOrDefault("SPARKIFY_HOME", "."));
        return Path.of(home).resolve(DEFAULT_DATA);
    }
}
