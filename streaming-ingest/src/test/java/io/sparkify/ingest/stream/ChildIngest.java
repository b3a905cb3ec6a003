package io.sparkify.ingest.stream;

import io.sparkify.ingest.cli.IngestMain;
import io.sparkify.testsupport.SampleData;
import io.sparkify.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code IngestMain ingest} in its own JVM, as the launcher runs it, for the tests that kill it: with the test JVM's
 * class path and module flags, the defaults-only conf, {@code local[2]} and the output in {@code log}.
 */
final class ChildIngest {

    private ChildIngest() {
    }

    /**
     * @param lake the lake root
     * @param options ingest options beside the broker, topic, lake and master (trigger, batch and file sizes)
     */
    static Process start(TestKafka kafka, String topic, String lake, Path log, String... options) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        // A child lives for a few cold micro-batches: C1 alone compiles sooner and leaves the two cores to
        // Spark (the default C2 pays off only in longer runs). No UI: no port to bind, no server to start.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dspark.ui.enabled=false");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-modules") || arg.startsWith("-Dio.netty")
                    || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Dlog4j2.configurationFile=" + SampleData.projectDir().resolve("conf/log4j2.properties"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(IngestMain.class.getName());
        cmd.addAll(List.of("ingest", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--lake", lake, "--master", "local[2]"));
        cmd.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARKIFY_CONF", Files.writeString(log.getParent().resolve("sparkify.properties"),
                "# defaults only\n").toString());
        return pb.start();
    }
}
