package io.agentevents.local.testing;

import io.agentevents.local.kafka.EmbeddedKafka;
import io.agentevents.local.kafka.EmbeddedKafkaConfig;
import io.agentevents.local.registry.EmbeddedSchemaRegistry;
import io.agentevents.local.registry.SchemaRegistryServerConfig;

/**
 * A one-node embedded Kafka and an embedded schema registry on free ports, data in a temporary
 * directory deleted on close. Starts in a few seconds with no Docker.
 */
public final class EmbeddedTestPlatform implements TestPlatform, AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;

    private EmbeddedTestPlatform(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Starts Kafka, then the registry on it. */
    public static EmbeddedTestPlatform start() {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.singleNode());
        try {
            return new EmbeddedTestPlatform(kafka,
                    EmbeddedSchemaRegistry.start(SchemaRegistryServerConfig.of(kafka.bootstrapServers())));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** The embedded cluster, e.g. to stop and restart it. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return registry.url();
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
