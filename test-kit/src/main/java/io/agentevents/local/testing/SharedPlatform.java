package io.agentevents.local.testing;

import java.util.Locale;

/**
 * The one {@link TestPlatform} of a test JVM, for every test framework in it: the JUnit 5
 * {@link SharedPlatformExtension} and Cucumber steps ({@code SharedPlatform.get()}) get the same
 * instance, started on first use and closed when the JVM exits. The platform is the embedded one
 * unless the system property {@value #PLATFORM_PROPERTY} is {@code containers} (Apache Kafka and
 * Confluent Schema Registry containers).
 *
 * <p>This is the test kit's one piece of JVM-wide state, on purpose: starting a cluster per test
 * class would multiply the test run's time. Thread-safe: the first caller starts it, the others wait.
 */
public final class SharedPlatform {
    /** System property choosing the platform: {@code embedded} (default) or {@code containers}. */
    public static final String PLATFORM_PROPERTY = "eventbus.test.platform";

    private SharedPlatform() {
    }

    /** The JVM's platform, started on first call. */
    public static TestPlatform get() {
        return Holder.PLATFORM;
    }

    /** Lazily started by the class loader (thread-safe once-only initialisation), closed at exit. */
    private static final class Holder {
        static final TestPlatform PLATFORM = start();

        private static TestPlatform start() {
            String kind = System.getProperty(PLATFORM_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
            AutoCloseable platform = switch (kind) {
                case "embedded" -> EmbeddedTestPlatform.start();
                case "containers" -> ContainersTestPlatform.start();
                default -> throw new IllegalArgumentException(PLATFORM_PROPERTY + " must be embedded or containers, was '"
                        + kind + "'");
            };
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    platform.close();
                } catch (Exception e) {
                    System.err.println("test platform did not close cleanly: " + e);
                }
            }, "test-platform-close"));
            return (TestPlatform) platform;
        }
    }
}
