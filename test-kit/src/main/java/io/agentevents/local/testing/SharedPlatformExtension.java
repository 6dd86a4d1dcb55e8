package io.agentevents.local.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;


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
 * <p>Every test framework of the JVM shares the one platform ({@link SharedPlatform}). The platform
 * is the embedded one unless the system property {@value #PLATFORM_PROPERTY} is
 * {@code containers}, which runs the same tests on Apache Kafka and Confluent Schema Registry
 * containers (and skips them where no Docker engine runs).
 */
public final class SharedPlatformExtension implements BeforeAllCallback, ParameterResolver {
    /** System property choosing the platform: {@code embedded} (default) or {@code containers}. */
    public static final String PLATFORM_PROPERTY = SharedPlatform.PLATFORM_PROPERTY;

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedPlatform.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestPlatform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return SharedPlatform.get();
    }

    /** The JVM's shared platform ({@link SharedPlatform#get()}), started on first call. */
    public static TestPlatform platform(ExtensionContext context) {
        return SharedPlatform.get();
    }
}
