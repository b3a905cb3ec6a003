package io.sparkify.config;

import io.sparkify.cli.DurationConverter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting in {@code conf/sparkify.properties}, with its built-in default, the environment
 * variable that overrides it and the command-line flag that overrides both. The table is the
 * contract between the conf file, the environment and every CLI: a command option whose long
 * name is a key's {@link #flag()} gets that key's value as its default.
 */
public enum ConfigKey {
    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap.servers", "--bootstrap-servers", "localhost:9092"),
    KAFKA_TOPIC("kafka.topic", "--topic", "sparkify-events"),
    KAFKA_PARTITIONS("kafka.partitions", "--partitions", "3"),
    KAFKA_REPLICATION_FACTOR("kafka.replication.factor", "--replication-factor", "1"),
    /** A properties file of extra Kafka client settings (security, SASL/SSL, tuning); empty for none. */
    KAFKA_CLIENT_CONFIG("kafka.client.config", "--client-config", ""),
    KAFKA_CONNECT_TIMEOUT("kafka.connect.timeout", "--connect-timeout", "30s"),
    LAKE_URI("lake.uri", "--lake", "work/lake"),
    /** Empty means {@code <lake>/_checkpoints/ingest}. */
    CHECKPOINT_URI("checkpoint.uri", "--checkpoint", ""),
    INGEST_TRIGGER("ingest.trigger", "--trigger", "processing-time=10s"),
    INGEST_STARTING_OFFSETS("ingest.starting.offsets", "--starting-offsets", "earliest"),
    /** Empty means no limit. */
    INGEST_MAX_OFFSETS_PER_TRIGGER("ingest.max.offsets.per.trigger", "--max-offsets-per-trigger", ""),
    MODELS_URI("models.uri", "--models", "work/models"),
    /** What {@code train} reads when --input is absent; empty means the lake ({@link #LAKE_URI}), i.e. its events. */
    TRAIN_INPUT("train.input", "--input", "", "train"),
    /** The hyper-parameter search of {@code train}: full or quick (a scheduled quick retrain). */
    TRAIN_GRID("train.grid", "--grid", "full", "train"),
    /** {@code true}: {@code train} also runs the classic evaluation (reported; the forward one alone decides promotion). */
    TRAIN_CLASSIC("train.classic", "--classic", "false", "train"),
    /**
     * The model families {@code train} fits and chooses among, comma-separated ({@code lr}, {@code rf}, {@code gbt},
     * {@code rate}); churn-batch's {@code ModelKind.defaults()} reads this default.
     */
    TRAIN_MODEL_TYPES("train.model.types", "--model-types", "lr,rf,rate", "train"),
    /**
     * How long the registry's training lease lasts without a heartbeat: a run that dies holding it (kill -9, a lost
     * container) blocks the next run at most this long.
     */
    REGISTRY_LEASE_TIMEOUT("registry.lease.timeout", "--lease-timeout", "2m", "train"),
    SPARK_MASTER("spark.master", "--master", "local[*]"),
    WORK_DIR("work.dir", "--work-dir", "work");

    /** Prefix of every environment variable that overrides a key. */
    public static final String ENV_PREFIX = "SPARKIFY_";

    private final String key;
    private final String flag;
    private final String defaultValue;
    private final String command;

    ConfigKey(String key, String flag, String defaultValue) {
        this(key, flag, defaultValue, null);
    }

    /** @param command the one command whose flag overrides the key ({@code --input} means other things elsewhere) */
    ConfigKey(String key, String flag, String defaultValue, String command) {
        this.key = key;
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.command = command;
    }

    /** The property name in the conf file. */
    public String key() {
        return key;
    }

    /** The long option that overrides the key on every command that has it. */
    public String flag() {
        return flag;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /**
     * The default of a duration key ({@link #KAFKA_CONNECT_TIMEOUT}), read as its flag and the conf
     * file are: code that needs the default without a conf (a settings record's fallback) takes it
     * from here, so the key's default is written once.
     */
    public Duration defaultDuration() {
        return DurationConverter.parse(defaultValue);
    }

    /** {@code kafka.bootstrap.servers} is overridden by {@code SPARKIFY_KAFKA_BOOTSTRAP_SERVERS}. */
    public String envVar() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** True when {@link #flag()} overrides the key on {@code commandName} (every command, unless the key names one). */
    public boolean appliesTo(String commandName) {
        return command == null || command.equals(commandName);
    }

    /** The key a command's long option overrides, if any. */
    public static Optional<ConfigKey> forFlag(String flag, String commandName) {
        for (ConfigKey k : values()) {
            if (k.flag.equals(flag) && k.appliesTo(commandName)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public static Optional<ConfigKey> forKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
