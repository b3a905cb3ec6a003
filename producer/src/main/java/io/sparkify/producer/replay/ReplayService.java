package io.sparkify.producer.replay;

import io.sparkify.error.InvalidInputException;
import io.sparkify.error.ServiceUnavailableException;
import io.sparkify.io.LogInput;
import io.sparkify.model.RejectReason;
import io.sparkify.model.json.EventCodec;
import io.sparkify.producer.kafka.KafkaAdmin;
import io.sparkify.producer.kafka.TopicEnsurer;
import io.sparkify.validation.RejectCounts;
import java.io.IOException;
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

    private final Consumer<String> notice;

    /** @param notice where messages for the user go (topic created, topic differs); the CLI prints them on stderr */
    public ReplayService(Consumer<String> notice) {
        this.notice = notice;
    }

    /**
     * Runs the replay to the end of the input, the limit, a stop request or a read error (say, a
     * gzip cut short: {@link ReplaySummary#readError()}), then flushes.
     *
     * @throws ServiceUnavailableException when Kafka cannot be reached within the connect timeout
     * @throws InvalidInputException when the input cannot be opened
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
            throw new InvalidInputException(e.getMessage(), e);
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
        long read = 0;
        long blank = 0;
        boolean interrupted = false;
        String readError = null;
        long skipped;
        long start = System.nanoTime();
        try (EncodingPipeline pipeline = new EncodingPipeline(input, codec, s.raw(), s.skip(), s.limit(),
                EncodingPipeline.defaultWorkers(), live)) {
            chunks:
            while (true) {
                EncodedChunk chunk;
                try {
                    chunk = pipeline.next(stop::isRequested);
                } catch (IOException e) {
                    // Lines before the failure were sent: flush and report them with the error.
                    readError = e.getMessage();
                    break;
                }
                if (chunk == null) {
                    interrupted = !pipeline.exhausted();
                    break;
                }
                for (int i = 0; i < chunk.count(); i++) {
                    if (stop.isRequested()) {
                        interrupted = true;
                        break chunks;
                    }
                    long line = chunk.lines.lineNumber(i);
                    read++;
                    RejectReason reason = chunk.reason(i);
                    if (reason == RejectReason.BLANK) {
                        blank++;
                    } else if (reason != null) {
                        counts.record(reason, line, chunk.detail(i));
                        rejects.write(line, reason.code(), chunk.detail(i), chunk.lines.data(), chunk.lines.offset(i),
                                chunk.lines.length(i));
                    } else if (!pacer.awaitTurn(chunk.ts(i))) {
                        read--; // read but never sent: the next run can start here
                        interrupted = true;
                        break chunks;
                    } else {
                        try {
                            producer.send(new ProducerRecord<>(topic, chunk.key(i), chunk.value(i)), deliveries.forLine(line));
                        } catch (KafkaException | IllegalStateException e) {
                            deliveries.failed(line, e);
                        }
                    }
                }
                live.publish(read, counts.total());
            }
            skipped = pipeline.skipped();
        } finally {
            live.publish(read, counts.total());
            // Whatever ended the loop, what was handed to the client is delivered (or fails) before we report.
            producer.flush();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (interrupted) {
            LOG.info("stopped after line {} on request; everything read so far was flushed", skipped + read);
        }
        return new ReplaySummary(input.name(), topic, skipped, read, deliveries.sent(), counts.total(), blank,
                deliveries.failed(), deliveries.valueBytes(), elapsed, counts.byCode(), rejects.path(), interrupted,
                Optional.ofNullable(deliveries.firstFailure()), created, Optional.ofNullable(readError));
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
            throw new InvalidInputException(e.getMessage(), e);
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
            throw new InvalidInputException("cannot create the rejects file " + s.rejectsFile() + ": " + e.getMessage(), e);
        }
    }
}
