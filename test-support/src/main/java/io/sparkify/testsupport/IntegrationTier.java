package io.sparkify.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The integration tier: test classes tagged {@code @Tag("integration")} run in {@code ./mvnw verify}
 * (Failsafe, configured once in the parent pom), all others in {@code ./mvnw test}. The fixtures
 * that start real components call {@link #require} so a class cannot start a broker or HDFS in the
 * unit tier by forgetting the tag.
 */
public final class IntegrationTier {

    /** The JUnit tag of the integration tier. */
    public static final String TAG = "integration";

    private IntegrationTier() {
    }

    /** Fails the class unless it (or an enclosing class) is tagged {@value #TAG}. */
    public static void require(ExtensionContext context, String component) {
        if (!context.getTags().contains(TAG)) {
            throw new IllegalStateException(context.getDisplayName() + " uses " + component
                    + ", so it belongs to the integration tier: annotate the class with @Tag(\"" + TAG + "\")"
                    + " (it then runs in ./mvnw verify, not in ./mvnw test; see CONTRIBUTING.md)");
        }
    }
}
