package io.sparkify.ingest.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import io.sparkify.ingest.lake.LakeFrames;
import io.sparkify.ingest.lake.LakeTables;
import io.sparkify.ingest.lake.TableProperties;
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
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import org.apache.spark.storage.StorageLevel;

/**
 * The ingest benchmark (bench/ingest/run.sh), in one JVM on a local broker:
 *
 * <ol>
 *   <li>the log replayed raw into a 3-partition topic, with one invalid record added after every
 *       {@code INVALID_EVERY}-th line (not JSON, wrong type, missing ts, in turn), so the
 *       quarantine path does real work;</li>
 *   <li>a warm-up of both jobs on the first 50,000 records (JIT, class loading), not counted;</li>
 *   <li>{@code ROUNDS} rounds of the plain Spark batch job and the streaming job with
 *       available-now on the whole topic, alternating which runs first, each into a fresh lake;
 *       reported: every time, the medians and their ratio. The batch job is what a user would
 *       write: one Kafka read, the same decode ({@link LakeFrames}), cached, then the two
 *       partitioned writes;</li>
 *   <li>end-to-end latency at a steady rate with a processing-time trigger: Kafka record
 *       timestamp to the Delta commit that made the row visible.</li>
 * </ol>
 *
 * <p>Arguments: LOG WORK_DIR [RATE_PER_S] [LATENCY_SECONDS] [TRIGGER_SECONDS] [ROUNDS] [INVALID_EVERY]
 */
public final class IngestBenchmark {

    private static final int WARM_UP_RECORDS = 50_000;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int latencySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int triggerSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        int invalidEvery = args.length > 6 ? Integer.parseInt(args[6]) : 100;
        Files.createDirectories(work);
        List<byte[]> lines = readLines(log);
        List<byte[]> records = withInvalidRecords(lines, invalidEvery);
        long invalid = records.size() - lines.size();
        try (LocalKafkaBroker broker = new LocalKafkaBroker(BrokerSettings.ephemeral(work.resolve("kafka"))).start()) {
            String bs = broker.bootstrapServers();
            createTopic(bs, "bench-warmup", 3);
            produce(bs, "bench-warmup", records.subList(0, Math.min(WARM_UP_RECORDS, records.size())), 0);
            createTopic(bs, "bench-throughput", 3);
            long t0 = System.nanoTime();
            produce(bs, "bench-throughput", records, 0);
            System.out.printf("produced %,d records (%,d of them invalid) in %.1f s%n", records.size(), invalid,
                    secondsSince(t0));

            SparkSession spark = SparkSessions.create("sparkify-ingest-bench", "local[2]");
            spark.sparkContext().setLogLevel("WARN");
            batchBaseline(spark, bs, "bench-warmup", lake(work, "warmup-batch"), 0);
            streaming(spark, bs, "bench-warmup", lake(work, "warmup-stream"), 0);
            System.out.println("warm-up done (batch and streaming on " + WARM_UP_RECORDS + " records)");

            double[] batch = new double[rounds];
            double[] stream = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                boolean batchFirst = r % 2 == 0;
                if (batchFirst) {
                    batch[r] = batchBaseline(spark, bs, "bench-throughput", lake(work, "batch-" + r), records.size());
                    stream[r] = streaming(spark, bs, "bench-throughput", lake(work, "stream-" + r), records.size());
                } else {
                    stream[r] = streaming(spark, bs, "bench-throughput", lake(work, "stream-" + r), records.size());
                    batch[r] = batchBaseline(spark, bs, "bench-throughput", lake(work, "batch-" + r), records.size());
                }
                System.out.printf("round %d (%s first): batch %.1f s, streaming %.1f s, ratio %.2f%n", r + 1,
                        batchFirst ? "batch" : "streaming", batch[r], stream[r], stream[r] / batch[r]);
            }
            double batchMedian = median(batch);
            double streamMedian = median(stream);
            System.out.printf("batch baseline    median %6.1f s  %,9.0f records/s  (runs %s)%n", batchMedian,
                    records.size() / batchMedian, Arrays.toString(round1(batch)));
            System.out.printf("streaming (a-now) median %6.1f s  %,9.0f records/s  (runs %s)%n", streamMedian,
                    records.size() / streamMedian, Arrays.toString(round1(stream)));
            System.out.printf("ratio streaming/batch of the medians: %.2f (target <= 1.3)%n", streamMedian / batchMedian);

            createTopic(bs, "bench-latency", 3);
            latency(spark, bs, "bench-latency", lake(work, "latency"), records, rate, latencySeconds, triggerSeconds);
            spark.stop();
        }
    }

    /**
     * The plain batch job: one Kafka read, decode, cache, both partitioned writes into the same
     * Delta tables the ingest writes (created the same way, with the same properties). Returns seconds.
     */
    static double batchBaseline(SparkSession spark, String bs, String topic, LakeLayout lake, long expected)
            throws IOException {
        long t0 = System.nanoTime();
        LakeTables.createIfMissing(spark, lake, TableProperties.defaults());
        Dataset<Row> kafka = spark.read().format("kafka")
                .option("kafka.bootstrap.servers", bs).option("subscribe", topic)
                .option("startingOffsets", "earliest").option("endingOffsets", "latest").load();
        Dataset<Row> decoded = LakeFrames.decode(kafka, EventCodec.DEFAULT_MAX_LINE_BYTES)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            LakeFrames.events(decoded).repartition(col(LakeLayout.EVENT_DATE)).write().format("delta").mode("append")
                    .partitionBy(LakeLayout.EVENT_DATE)
                    .option("maxRecordsPerFile", IngestSettings.DEFAULT_MAX_RECORDS_PER_FILE)
                    .save(lake.events());
            LakeFrames.quarantine(decoded).repartition(col(LakeLayout.QUARANTINE_DATE)).write().format("delta")
                    .mode("append").partitionBy(LakeLayout.QUARANTINE_DATE).save(lake.quarantine());
        } finally {
            decoded.unpersist(true);
        }
        double s = secondsSince(t0);
        check("batch", spark, lake, expected, false);
        return s;
    }

    /** {@code ingest --trigger available-now}: the two Delta-sink queries. Returns seconds. */
    static double streaming(SparkSession spark, String bs, String topic, LakeLayout lake, long expected)
            throws IOException {
        long t0 = System.nanoTime();
        new IngestService(spark, IngestSettings.of(bs, topic, lake.root(), IngestTrigger.availableNow())).run();
        double s = secondsSince(t0);
        check("streaming", spark, lake, expected, true);
        return s;
    }

    /** Every record in events or quarantine; then the lake goes, to keep the disk small. */
    private static void check(String job, SparkSession spark, LakeLayout lake, long expected, boolean streamed)
            throws IOException {
        Path root = Path.of(URI.create(lake.root()));
        long events = LakeTables.events(spark, lake).count();
        long quarantined = LakeTables.quarantine(spark, lake).count();
        if (expected > 0 && events + quarantined != expected) {
            throw new IllegalStateException(job + ": " + events + " events + " + quarantined + " quarantined != "
                    + expected + " records");
        }
        deleteTree(root);
    }

    static void latency(SparkSession spark, String bs, String topic, LakeLayout lake, List<byte[]> records, int rate,
            int seconds, int triggerSeconds) throws Exception {
        IngestSettings settings = IngestSettings.of(bs, topic, lake.root(),
                IngestTrigger.every(Duration.ofSeconds(triggerSeconds)));
        int n = Math.min(records.size(), rate * seconds);
        try (IngestRun run = new IngestService(spark, settings).start()) {
            Thread.sleep(2_000);
            produce(bs, topic, records.subList(0, n), rate);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (LakeTables.events(spark, lake).count() + LakeTables.quarantine(spark, lake).count() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("latency run did not ingest all " + n + " records");
                }
                Thread.sleep(500);
            }
            run.stopGracefully(Duration.ofMinutes(1));
        }
        Map<String, Long> commitMs = commitTimes(Path.of(URI.create(lake.events())));
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
                throw new IllegalStateException("no Delta log entry for " + file);
            }
            lat[i] = committed - rows.get(i).getTimestamp(1).getTime();
        }
        Arrays.sort(lat);
        System.out.printf("latency at %,d records/s for %d s, trigger %d s: %,d events, p50 %.2f s, p95 %.2f s, "
                        + "max %.2f s (target p95 < %d s)%n", rate, seconds, triggerSeconds, lat.length,
                pct(lat, 50) / 1000.0, pct(lat, 95) / 1000.0, lat[lat.length - 1] / 1000.0, 2 * triggerSeconds);
    }

    /** Data file path -> modification time of the Delta commit file that added it (its commit). */
    static Map<String, Long> commitTimes(Path table) throws Exception {
        Map<String, Long> out = new HashMap<>();
        List<Path> commits;
        try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
            commits = files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
        }
        for (Path c : commits) {
            long mtime = Files.getLastModifiedTime(c).toMillis();
            for (String line : Files.readAllLines(c)) {
                if (!line.startsWith("{\"add\"")) {
                    continue;
                }
                int i = line.indexOf("\"path\":\"");
                // Paths in the log are relative to the table and URI-encoded.
                String relative = line.substring(i + 8, line.indexOf('"', i + 8));
                out.putIfAbsent(table.resolve(URI.create(relative).getPath()).toString(), mtime);
            }
        }
        return out;
    }

    /**
     * The log's lines with an invalid record after every {@code every}-th line, cycling through
     * three rejects the decoder must look at closely: cut JSON, a field of the wrong type, no ts.
     */
    static List<byte[]> withInvalidRecords(List<byte[]> lines, int every) {
        if (every <= 0) {
            return lines;
        }
        List<byte[]> out = new ArrayList<>(lines.size() + lines.size() / every + 1);
        for (int i = 0; i < lines.size(); i++) {
            byte[] line = lines.get(i);
            out.add(line);
            if ((i + 1) % every == 0) {
                String s = new String(line, StandardCharsets.UTF_8);
                String bad = switch ((i / every) % 3) {
                    case 0 -> s.substring(0, s.length() / 2);
                    case 1 -> s.replaceFirst("\"sessionId\":(\\d+)", "\"sessionId\":\"$1\"");
                    default -> s.replaceFirst("\"ts\":\\d+,?", "");
                };
                out.add(bad.getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double[] round1(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
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

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static LakeLayout lake(Path work, String name) {
        return new LakeLayout(work.resolve(name).toAbsolutePath().toUri().toString());
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
