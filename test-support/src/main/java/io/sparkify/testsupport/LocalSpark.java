package io.sparkify.testsupport;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real local SparkSession: {@code @ExtendWith(LocalSpark.class)} and a
 * {@code SparkSession} parameter (constructor, {@code @BeforeAll} or test method).
 *
 * <p>One session serves the whole test JVM (started on first use, stopped when JUnit finishes):
 * Spark allows one context per JVM and starting one costs seconds. It runs {@code local[2]} with
 * two shuffle partitions and no UI. A class that changes SQL settings should work on
 * {@code spark.newSession()} so it leaves the shared one as it found it.
 */
public final class LocalSpark implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalSpark.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NS)
                .getOrComputeIfAbsent("session", key -> new Holder(start()), Holder.class).session;
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
        return builder
                .appName("sparkify-tests")
                .master("local[2]")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.streaming.stopTimeout", "60s")
                .getOrCreate();
    }

    /** Stops the session when the root context closes, after the last test class. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
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
