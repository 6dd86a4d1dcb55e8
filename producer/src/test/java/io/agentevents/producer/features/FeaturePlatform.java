package io.agentevents.producer.features;

import io.agentevents.local.testing.EmbeddedTestPlatform;

/**
 * The embedded platform the Kafka scenarios cross, started on first use and closed when the test
 * JVM exits (Cucumber has no JUnit extension to share the JUnit one).
 */
final class FeaturePlatform {
    private static EmbeddedTestPlatform platform;

    private FeaturePlatform() {
    }

    static synchronized EmbeddedTestPlatform get() {
        if (platform == null) {
            platform = EmbeddedTestPlatform.start();
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "feature-platform-close"));
        }
        return platform;
    }
}
