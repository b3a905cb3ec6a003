package io.sparkify.testsupport.kafka;

import io.sparkify.testsupport.IntegrationTier;
import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a running real Kafka cluster: {@code @ExtendWith(KafkaBrokerExtension.class)}
 * and a {@link TestKafka} parameter (constructor, {@code @BeforeAll} or test method).
 *
 * <p>One cluster per test JVM (one per module's test run), started by the first class that asks
 * for it and stopped when JUnit finishes: starting a broker costs seconds, and every class gets
 * topics of its own ({@link TestKafka#newTopic}), so classes do not see each other's data. A class
 * using it must be tagged {@code @Tag("integration")} (it runs in {@code ./mvnw verify}, not in the
 * unit tier); the extension fails the class otherwise. Which cluster, first match wins:
 * <ol>
 *   <li>env {@code KAFKA_BOOTSTRAP_SERVERS} set: that external cluster (never stopped by us);</li>
 *   <li>system property or env {@code SPARKIFY_TEST_KAFKA=testcontainers}: an {@code apache/kafka}
 *       container (fails with a clear message when no Docker engine is reachable);</li>
 *   <li>otherwise: local-kafka's in-process KRaft broker on a free port with a temporary directory.</li>
 * </ol>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    public static final String EXTERNAL_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String MODE_PROPERTY = "SPARKIFY_TEST_KAFKA";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final String KEY = "kafka";

    @Override
    public void beforeAll(ExtensionContext context) {
        IntegrationTier.require(context, "a Kafka broker");
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The JVM's cluster, started on first use; the root store closes it after the last class. */
    private static TestKafka shared(ExtensionContext context) {
        return context.getRoot().getStore(NS).computeIfAbsent(KEY, key -> new Handle(start()), Handle.class).kafka;
    }

    static AbstractTestKafka start() {
        String external = System.getenv(EXTERNAL_ENV);
        if (external != null && !external.isBlank()) {
            return new ExternalTestKafka(external.trim());
        }
        String mode = System.getProperty(MODE_PROPERTY, System.getenv(MODE_PROPERTY));
        if (mode == null || mode.isBlank() || mode.equalsIgnoreCase("embedded")) {
            return EmbeddedTestKafka.start();
        }
        if (mode.toLowerCase(Locale.ROOT).equals("testcontainers")) {
            return ContainerTestKafka.start();
        }
        throw new IllegalStateException(MODE_PROPERTY + "=" + mode + " is not a test Kafka mode (embedded or testcontainers)");
    }

    /** Closes the cluster when JUnit closes the root store, after the last test class. */
    private static final class Handle implements AutoCloseable {
        private final AbstractTestKafka kafka;

        Handle(AbstractTestKafka kafka) {
            this.kafka = kafka;
        }

        @Override
        public void close() {
            kafka.close();
        }
    }
}
