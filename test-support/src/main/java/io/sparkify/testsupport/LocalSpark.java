package io.sparkify.testsupport;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real local SparkSession: {@code @ExtendWith(LocalSpark.class)} and a
 * {@code SparkSession} parameter (constructor, {@code @BeforeAll} or test method).
 *
 * <p>One SparkContext serves the whole test JVM (started on first use, stopped when JUnit
 * finishes): Spark allows one context per JVM and starting one costs seconds. It runs
 * {@code local[2]} with no UI. Each top-level test class gets a session of its own on that context
 * ({@link SparkSession#newSession()}) with the SQL settings of {@link #SQL_SETTINGS} set on it:
 * what a class (or a command it runs) changes in its session's SQL settings, temporary views or
 * functions stays in that class, so no result depends on the order classes run in.
 */
public final class LocalSpark implements ParameterResolver {

    /** The SQL settings every test class starts from, whatever ran before it in the JVM. */
    public static final Map<String, String> SQL_SETTINGS = Map.of(
            "spark.sql.shuffle.partitions", "2",
            "spark.sql.session.timeZone", "UTC",
            "spark.sql.sources.partitionOverwriteMode", "dynamic",
            "spark.sql.streaming.stopTimeout", "60s",
            // Delta's state rebuild after every commit: 50 tasks by default, seconds per micro-batch on 2 cores.
            "spark.databricks.delta.snapshotPartitions", "2",
            // File listing (Delta's VACUUM): 10,000 tasks by default, as SparkSessions.create sets it for local runs.
            "spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalSpark.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SparkSession root = context.getRoot().getStore(NS)
                .computeIfAbsent("context", key -> new Holder(start()), Holder.class).session;
        // Held in a record, not stored as is: JUnit closes AutoCloseable store values with their
        // class, and closing a SparkSession stops the JVM's one SparkContext.
        return topLevelClass(context).getStore(NS)
                .computeIfAbsent("session", key -> new ClassSession(isolated(root)), ClassSession.class).session();
    }

    /** The context of the top-level test class (nested classes share their outer class's session). */
    private static ExtensionContext topLevelClass(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        ExtensionContext c = context;
        Optional<ExtensionContext> parent = c.getParent();
        while (parent.isPresent() && parent.get() != root) {
            c = parent.get();
            parent = c.getParent();
        }
        return c;
    }

    private static SparkSession isolated(SparkSession root) {
        SparkSession session = root.newSession();
        SQL_SETTINGS.forEach((k, v) -> session.conf().set(k, v));
        return session;
    }

    private static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, LocalSpark.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static SparkSession start() {
        SparkSession.Builder builder = SparkSession.builder();
        if (onClasspath(DELTA_EXTENSION)) {
            // The lake is Delta tables (as SparkSessions.create configures every job's session);
            // modules whose tests never read the lake have no Delta jar, and get a plain session.
            builder.config("spark.sql.extensions", DELTA_EXTENSION)
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        }
        builder
                .appName("sparkify-tests")
                .master("local[2]")
                .config("spark.default.parallelism", "2")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        SQL_SETTINGS.forEach(builder::config);
        return builder.getOrCreate();
    }

    /** A test class's session; deliberately not AutoCloseable (see resolveParameter). */
    private record ClassSession(SparkSession session) {
    }

    /** Stops the context when the root context closes, after the last test class. */
    private static final class Holder implements AutoCloseable {
        private final SparkSession session;

        Holder(SparkSession session) {
            this.session = session;
        }

        @Override
        public void close() {
            session.stop();
        }
    }
}
