package io.agentevents.streams.app;

import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.topics.TopicLayout;

/**
 * Test fixtures for the projections on a {@link TestPlatform}: a topic layout of a test's own, the
 * bus that emits to it, and the configuration of a projections application reading it.
 */
public final class ProjectionsFixtures {
    private ProjectionsFixtures() {
    }

    /** The local layout (replication 1) under the unique prefix {@code platform.uniqueName(name)}. */
    public static TopicLayout layout(TestPlatform platform, String name) {
        return TopicLayout.local(1).withPrefix(platform.uniqueName(name));
    }

    /** A bus emitting to {@code layout} (provisioning it). */
    public static KafkaEventBus startBus(TestPlatform platform, TopicLayout layout) {
        return KafkaEventBus.start(KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withTopics(layout));
    }

    /** Projections reading {@code layout}, under an application id of their own, the API on a free port. */
    public static ProjectionsConfig config(TestPlatform platform, TopicLayout layout) {
        return ProjectionsConfig.defaults(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withApplicationId(platform.uniqueName("projections"))
                .withTopics(layout)
                .withHttpPort(0)
                .withReplicationFactor(1);
    }
}
