package io.agentevents.local.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The same platform contract on Apache Kafka and Confluent Schema Registry containers. Skipped
 * (not failed) where no Docker engine runs.
 */
@EnabledIf(value = "io.agentevents.local.testing.ContainersTestPlatform#dockerAvailable",
        disabledReason = "no Docker engine: the Testcontainers platform is skipped")
class ContainersPlatformIT extends PlatformContract {
    private static ContainersTestPlatform platform;

    @BeforeAll
    static void start() {
        platform = ContainersTestPlatform.start();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Override
    protected TestPlatform platform() {
        return platform;
    }
}
