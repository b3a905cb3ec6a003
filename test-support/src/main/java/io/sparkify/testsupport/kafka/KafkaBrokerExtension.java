package io.sparkify.testsupport.kafka;

import java.util.Locale;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a running real Kafka cluster: {@code @ExtendWith(KafkaBrokerExtension.class)}
 * and a {@link TestKafka} parameter (constructor, {@code @BeforeAll} or test method).
 *
 * <p>One cluster per test class, started before its first test and stopped after its last
 * (nested classes share their outer class's). Which cluster, first match wins:
 * <ol>
 *   <li>env {@code KAFKA_BOOTSTRAP_SERVERS} set: that external cluster (never stopped by us);</li>
 *   <li>system property or env {@code SPARKIFY_TEST_KAFKA=testcontainers}: an {@code apache/kafka}
 *       container (fails with a clear message when no Docker engine is reachable);</li>
 *   <li>otherwise: local-kafka's in-process KRaft broker on a free port with a temporary directory.</li>
 * </ol>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    public static final String EXTERNAL_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String MODE_PROPERTY = "SPARKIFY_TEST_KAFKA";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final String KEY = "kafka";

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        if (store.get(KEY) == null) {
            // Stored in the class's own context: JUnit closes it when the class finishes.
            store.put(KEY, new Handle(start()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // The store closes the handle of the class that started it; nothing else to do.
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Handle handle = context.getStore(NS).get(KEY, Handle.class);
        if (handle == null) {
            throw new IllegalStateException("no Kafka for " + context.getDisplayName()
                    + ": use @ExtendWith(KafkaBrokerExtension.class) on the test class");
        }
        return handle.kafka;
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

    /** Closes the cluster when JUnit closes the class's store. */
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
