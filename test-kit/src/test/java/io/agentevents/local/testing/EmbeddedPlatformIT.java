package io.agentevents.local.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The platform contract on the JVM's shared platform (embedded unless told otherwise). */
@ExtendWith(SharedPlatformExtension.class)
class EmbeddedPlatformIT extends PlatformContract {
    private static TestPlatform platform;

    @BeforeAll
    static void platform(TestPlatform shared) {
        platform = shared;
    }

    @Override
    protected TestPlatform platform() {
        return platform;
    }
}
