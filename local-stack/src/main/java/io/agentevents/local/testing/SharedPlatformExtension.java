package io.agentevents.local.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Locale;

/**
 * JUnit 5 extension giving every test of a JVM the same {@link TestPlatform}, started on first use
 * and closed when the JVM's tests are done. Inject it as a parameter of a test, a constructor or a
 * {@code @BeforeAll} method:
 *
 * <pre>{@code
 * @ExtendWith(SharedPlatformExtension.class)
 * class MyIT {
 *     @Test
 *     void roundTrip(TestPlatform platform) { ... platform.uniqueName("orders") ... }
 * }
 * }</pre>
 *
 * <p>The platform is the embedded one unless the system property {@value #PLATFORM_PROPERTY} is
 * {@code containers}, which runs the same tests on Apache Kafka and Confluent Schema Registry
 * containers (and skips them where no Docker engine runs).
 */
public final class SharedPlatformExtension implements BeforeAllCallback, ParameterResolver {
    /** System property choosing the platform: {@code embedded} (default) or {@code containers}. */
    public static final String PLATFORM_PROPERTY = "eventbus.test.platform";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedPlatformExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        platform(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestPlatform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return platform(context);
    }

    /** The JVM's shared platform, started on first call. */
    public static TestPlatform platform(ExtensionContext context) {
        String kind = System.getProperty(PLATFORM_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("platform-" + kind, key -> switch (kind) {
            case "embedded" -> EmbeddedTestPlatform.start();
            case "containers" -> ContainersTestPlatform.start();
            default -> throw new IllegalArgumentException(PLATFORM_PROPERTY + " must be embedded or containers, was '"
                    + kind + "'");
        }, TestPlatform.class);
    }
}
