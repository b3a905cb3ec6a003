package io.sparkify.ingest.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import io.sparkify.ingest.lake.LakeFrames;
import io.sparkify.ingest.lake.LakeTables;
import io.sparkify.ingest.stream.IngestRun;
import io.sparkify.ingest.stream.IngestService;
import io.sparkify.ingest.stream.IngestSettings;
import io.sparkify.ingest.stream.IngestTrigger;
import io.sparkify.kafka.local.BrokerSettings;
import io.sparkify.kafka.local.LocalKafkaBroker;
import io.sparkify.lake.LakeLayout;
import io.sparkify.model.json.EventCodec;
import io.sparkify.spark.SparkSessions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest benchmark (bench/ingest/run.sh): a local broker, the sample log replayed raw, then
 * (1) the plain Spark batch job doing the same Kafka read, decode and partitioned parquet writes,
 * (2) the streaming job with available-now, same data, same local[2]; (3) end-to-end latency at a
 * steady rate with a processing-time trigger: Kafka record timestamp to the commit of the sink-log
 * batch that made the row visible.
 *
 * <p>Arguments: LOG WORK_DIR [RATE_PER_S] [LATENCY_SECONDS] [TRIGGER_SECONDS]
 */
public final class IngestBenchmark {

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int latencySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int triggerSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        Files.createDirectories(work);
        List<byte[]> lines = readLines(log);
        try (LocalKafkaBroker broker = new LocalKafkaBroker(BrokerSettings.ephemeral(work.resolve("kafka"))).start()) {
            String bs = broker.bootstrapServers();
            createTopic(bs, "bench-throughput", 3);
            long t0 = System.nanoTime();
            produce(bs, "bench-throughput", lines, 0);
            System.out.printf("produced %,d records in %.1f s%n", lines.size(), secondsSince(t0));

            SparkSession spark = SparkSessions.create("sparkify-ingest-bench", "local[2]");
            spark.sparkContext().setLogLevel("WARN");
            double batchS = batchBaseline(spark, bs, "bench-throughput", new LakeLayout(uri(work, "lake-batch")));
            double streamS = streaming(spark, bs, "bench-throughput", new LakeLayout(uri(work, "lake-stream")));
            System.out.printf("batch baseline    %6.1f s  %,9.0f records/s%n", batchS, lines.size() / batchS);
            System.out.printf("streaming (a-now) %6.1f s  %,9.0f records/s%n", streamS, lines.size() / streamS);
            System.out.printf("ratio streaming/batch: %.2f (target <= 1.3)%n", streamS / batchS);

            createTopic(bs, "bench-latency", 3);
            latency(spark, bs, "bench-latency", new LakeLayout(uri(work, "lake-latency")), lines, rate,
                    latencySeconds, triggerSeconds);
            spark.stop();
        }
    }

    static double batchBaseline(SparkSession spark, String bs, String topic, LakeLayout lake) {
        long t0 = System.nanoTime();
        Dataset<Row> kafka = spark.read().format("kafka")
                .option("kafka.bootstrap.servers", bs).option("subscribe", topic)
                .option("startingOffsets", "earliest").option("endingOffsets", "latest").load();
        Dataset<Row> decoded = LakeFrames.decode(kafka, EventCodec.DEFAULT_MAX_LINE_BYTES);
        LakeFrames.events(decoded).repartition(col(LakeLayout.EVENT_DATE)).write()
                .partitionBy(LakeLayout.EVENT_DATE).option("maxRecordsPerFile", IngestSettings.DEFAULT_MAX_RECORDS_PER_FILE)
                .parquet(lake.events());
        LakeFrames.quarantine(decoded).repartition(col(LakeLayout.QUARANTINE_DATE)).write()
                .partitionBy(LakeLayout.QUARANTINE_DATE).parquet(lake.quarantine());
        double s = secondsSince(t0);
        // A batch write of no rows leaves no directory: an empty quarantine is 0, not an error.
        long quarantined = Files.isDirectory(Path.of(URI.create(lake.quarantine())))
                ? spark.read().schema(LakeTables.QUARANTINE).parquet(lake.quarantine()).count() : 0;
        System.out.printf("batch: %,d events + %,d quarantined%n",
                spark.read().schema(LakeTables.EVENTS).parquet(lake.events()).count(), quarantined);
        return s;
    }

    static double streaming(SparkSession spark, String bs, String topic, LakeLayout lake) {
        long t0 = System.nanoTime();
        new IngestService(spark, IngestSettings.of(bs, topic, lake.root(), IngestTrigger.availableNow())).run();
        double s = secondsSince(t0);
        System.out.printf("streaming: %,d events + %,d quarantined%n", LakeTables.events(spark, lake).count(),
                LakeTables.quarantine(spark, lake).count());
        return s;
    }

    static void latency(SparkSession spark, String bs, String topic, LakeLayout lake, List<byte[]> lines, int rate,
            int seconds, int triggerSeconds) throws Exception {
        IngestSettings settings = IngestSettings.of(bs, topic, lake.root(),
                IngestTrigger.every(Duration.ofSeconds(triggerSeconds)));
        int n = Math.min(lines.size(), rate * seconds);
        try (IngestRun run = new IngestService(spark, settings).start()) {
            Thread.sleep(2_000);
            produce(bs, topic, lines.subList(0, n), rate);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (LakeTables.events(spark, lake).count() + LakeTables.quarantine(spark, lake).count() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("latency run did not ingest all " + n + " records");
                }
                Thread.sleep(500);
            }
            run.stopGracefully(Duration.ofMinutes(1));
        }
        Map<String, Long> commitMs = commitTimes(Path.of(URI.create(lake.events() + "/_spark_metadata")));
        Dataset<Row> kafka = spark.read().format("kafka").option("kafka.bootstrap.servers", bs)
                .option("subscribe", topic).load()
                .select(col("partition").as("p"), col("offset").as("o"), col("timestamp").as("produced"));
        List<Row> rows = LakeTables.events(spark, lake)
                .select(input_file_name().as("file"), col(LakeLayout.KAFKA_PARTITION), col(LakeLayout.KAFKA_OFFSET))
                .join(kafka, col(LakeLayout.KAFKA_PARTITION).equalTo(col("p")).and(col(LakeLayout.KAFKA_OFFSET).equalTo(col("o"))))
                .select(col("file"), col("produced")).collectAsList();
        long[] lat = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String file = URI.create(rows.get(i).getString(0)).getPath();
            Long committed = commitMs.get(file);
            if (committed == null) {
                throw new IllegalStateException("no sink log entry for " + file);
            }
            lat[i] = committed - rows.get(i).getTimestamp(1).getTime();
        }
        Arrays.sort(lat);
        System.out.printf("latency at %,d events/s for %d s, trigger %d s: %,d events, p50 %.2f s, p95 %.2f s, "
                        + "max %.2f s (target p95 < %d s)%n", rate, seconds, triggerSeconds, lat.length,
                pct(lat, 50) / 1000.0, pct(lat, 95) / 1000.0, lat[lat.length - 1] / 1000.0, 2 * triggerSeconds);
    }

    /** File path -> modification time of the sink-log batch file that first listed it (its commit). */
    static Map<String, Long> commitTimes(Path sinkLog) throws Exception {
        Map<String, Long> out = new HashMap<>();
        List<Path> batches;
        try (Stream<Path> files = Files.list(sinkLog)) {
            batches = files.filter(p -> p.getFileName().toString().matches("\\d+(\\.compact)?"))
                    .sorted((a, b) -> Long.compare(id(a), id(b))).toList();
        }
        for (Path b : batches) {
            long mtime = Files.getLastModifiedTime(b).toMillis();
            for (String line : Files.readAllLines(b)) {
                int i = line.indexOf("\"path\":\"");
                if (i >= 0) {
                    String path = URI.create(line.substring(i + 8, line.indexOf('"', i + 8))).getPath();
                    out.putIfAbsent(path, mtime);
                }
            }
        }
        return out;
    }

    private static long id(Path p) {
        return Long.parseLong(p.getFileName().toString().replace(".compact", ""));
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static void produce(String bs, String topic, List<byte[]> values, int ratePerSecond) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, ratePerSecond > 0 ? "0" : "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < values.size(); i++) {
                if (ratePerSecond > 0) {
                    long due = start + (long) i * 1_000_000_000L / ratePerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.send(new ProducerRecord<>(topic, values.get(i)));
            }
            producer.flush();
        }
    }

    static void createTopic(String bs, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bs);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    static List<byte[]> readLines(Path log) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(log)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String uri(Path work, String name) {
        return work.resolve(name).toAbsolutePath().toUri().toString();
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
