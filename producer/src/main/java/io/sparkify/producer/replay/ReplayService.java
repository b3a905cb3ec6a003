package io.sparkify.producer.replay;

import io.sparkify.cli.ExitCodes;
import io.sparkify.cli.UserException;
import io.sparkify.io.LineReader;
import io.sparkify.io.LogInput;
import io.sparkify.model.RejectReason;
import io.sparkify.model.SparkifyEvent;
import io.sparkify.model.json.DecodeResult;
import io.sparkify.model.json.EventCodec;
import io.sparkify.producer.kafka.KafkaAdmin;
import io.sparkify.producer.kafka.TopicEnsurer;
import io.sparkify.validation.RejectCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays an event log into a Kafka topic: every line is validated with the common-model codec,
 * valid events are sent as canonical JSON keyed by userId (one user's events stay in order in
 * one partition), bad lines are counted by reason and listed in the rejects file.
 */
public final class ReplayService {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayService.class);
    /** Lines between two publications of the counts to the progress display. */
    private static final int PUBLISH_EVERY = 512;
    private static final byte[] NO_USER = new byte[0];

    private final Consumer<String> notice;

    /** @param notice where messages for the user go (topic created, topic differs); the CLI prints them on stderr */
    public ReplayService(Consumer<String> notice) {
        this.notice = notice;
    }

    /**
     * Runs the replay to the end of the input, the limit or a stop request, then flushes.
     *
     * @throws UserException {@link ExitCodes#UNAVAILABLE} when Kafka cannot be reached within the
     *                       connect timeout, {@link ExitCodes#USAGE} when the input cannot be opened
     */
    public ReplaySummary run(ReplaySettings s, StopSignal stop, LiveCounters live) {
        // The input first: a wrong file name is a usage error whether or not a broker runs.
        LogInput input = open(s.input());
        boolean created;
        try (KafkaAdmin admin = KafkaAdmin.connect(s.client(), s.connectTimeout())) {
            created = new TopicEnsurer(admin, notice).ensure(s.topic());
        } catch (RuntimeException e) {
            closeQuietly(input);
            throw e;
        }
        try (input; RejectsFile rejects = createRejects(s);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(s))) {
            return replay(s, input, rejects, producer, stop, live, created);
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    private ReplaySummary replay(ReplaySettings s, LogInput input, RejectsFile rejects, KafkaProducer<byte[], byte[]> producer,
                                 StopSignal stop, LiveCounters live, boolean created) throws IOException {
        live.inputSize(input.sizeBytes());
        EventCodec codec = new EventCodec(s.maxLineBytes());
        Deliveries deliveries = new Deliveries(live, rejects);
        RejectCounts counts = new RejectCounts();
        Pacer pacer = new Pacer(s.pacing(), stop::isRequested);
        String topic = s.topic().name();
        LineReader reader = input.lines(s.maxLineBytes());
        long skipped = 0;
        long read = 0;
        long blank = 0;
        boolean interrupted = false;
        long start = System.nanoTime();
        try {
            while (read < s.limit()) {
                if (stop.isRequested()) {
                    interrupted = true;
                    break;
                }
                if (!reader.next()) {
                    break;
                }
                long line = reader.lineNumber();
                if (line <= s.skip()) {
                    skipped++;
                    continue;
                }
                read++;
                if ((read & (PUBLISH_EVERY - 1)) == 0) {
                    live.publish(read, counts.total(), input.bytesRead());
                }
                byte[] key;
                byte[] value;
                long ts = 0;
                if (reader.tooLong()) {
                    reject(rejects, counts, reader, RejectReason.LINE_TOO_LONG, "line of " + reader.trueLength()
                            + " bytes, limit " + s.maxLineBytes());
                    continue;
                }
                if (s.raw()) {
                    key = null;
                    value = reader.copy();
                } else {
                    DecodeResult result = codec.decode(reader.buffer(), 0, reader.length());
                    if (!result.isValid()) {
                        if (result.reason() == RejectReason.BLANK) {
                            blank++;
                        } else {
                            reject(rejects, counts, reader, result.reason(), result.detail());
                        }
                        continue;
                    }
                    SparkifyEvent event = result.event();
                    ts = event.ts();
                    key = event.userId() == null ? NO_USER : event.userId().getBytes(StandardCharsets.UTF_8);
                    value = codec.encode(event);
                }
                if (!pacer.awaitTurn(ts)) {
                    read--; // read but never sent: the next run can start here
                    interrupted = true;
                    break;
                }
                try {
                    producer.send(new ProducerRecord<>(topic, key, value), deliveries.forLine(line));
                } catch (KafkaException | IllegalStateException e) {
                    deliveries.failed(line, e);
                }
            }
        } catch (IOException e) {
            throw new IOException(input.name() + ": read failed after line " + reader.lineNumber() + ": " + e.getMessage(), e);
        } finally {
            live.publish(read, counts.total(), input.bytesRead());
            // Whatever ended the loop, what was handed to the client is delivered (or fails) before we report.
            producer.flush();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (interrupted) {
            LOG.info("stopped after line {} on request; everything read so far was flushed", skipped + read);
        }
        return new ReplaySummary(input.name(), topic, skipped, read, deliveries.sent(), counts.total(), blank,
                deliveries.failed(), deliveries.valueBytes(), elapsed, counts.byCode(), rejects.path(), interrupted,
                Optional.ofNullable(deliveries.firstFailure()), created);
    }

    private static void reject(RejectsFile rejects, RejectCounts counts, LineReader reader, RejectReason reason, String detail) {
        counts.record(reason, reader.lineNumber());
        rejects.write(reader.lineNumber(), reason.code(), detail, reader.buffer(), 0, reader.length());
    }

    static Properties producerProperties(ReplaySettings s) {
        Properties p = s.client().producer(ProducerTuning.defaults(s.connectTimeout()));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private static LogInput open(String file) {
        try {
            return LogInput.open(file);
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    private static void closeQuietly(LogInput input) {
        try {
            input.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", input.name(), e.toString());
        }
    }

    private static RejectsFile createRejects(ReplaySettings s) {
        try {
            return RejectsFile.create(s.rejectsFile());
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot create the rejects file " + s.rejectsFile() + ": " + e.getMessage(), e);
        }
    }
}
