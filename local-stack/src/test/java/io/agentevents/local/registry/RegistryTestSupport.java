package io.agentevents.local.registry;

import io.agentevents.local.kafka.EmbeddedKafka;
import io.agentevents.local.kafka.EmbeddedKafkaConfig;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One embedded Kafka per test class, and per test a registry on its own {@code _schemas}-like
 * topic, so tests do not see each other's schemas. Registries started through {@link #startRegistry}
 * are closed after each test.
 */
abstract class RegistryTestSupport {
    static EmbeddedKafka kafka;

    String topic;
    EmbeddedSchemaRegistry registry;
    RegistryHttp http;
    private final List<EmbeddedSchemaRegistry> started = new ArrayList<>();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.singleNode());
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void startDefaultRegistry() {
        topic = "_schemas-" + UUID.randomUUID();
        registry = startRegistry(config());
        http = new RegistryHttp(registry.url());
    }

    @AfterEach
    void closeRegistries() {
        started.forEach(EmbeddedSchemaRegistry::close);
        started.clear();
    }

    /** The config of this test's registry: this test's topic on the class's Kafka. */
    SchemaRegistryServerConfig config() {
        return SchemaRegistryServerConfig.of(kafka.bootstrapServers()).withTopic(topic);
    }

    EmbeddedSchemaRegistry startRegistry(SchemaRegistryServerConfig config) {
        EmbeddedSchemaRegistry started = EmbeddedSchemaRegistry.start(config);
        this.started.add(started);
        return started;
    }

    /** A fresh subject name. */
    static String subject() {
        return "subject-" + UUID.randomUUID() + "-value";
    }
}
