package io.agentevents.local.registry;

import io.agentevents.local.kafka.EmbeddedKafka;
import io.agentevents.local.kafka.EmbeddedKafkaConfig;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One embedded Kafka per test class, and per test a registry on its own {@code _schemas}-like
 * topic, so tests do not see each other's schemas. Registries started through {@link #startRegistry}
 * are closed after each test. The Kafka is the test instance's (one instance per class), so that
 * classes running side by side each keep their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistryTestSupport {
    EmbeddedKafka kafka;

    String topic;
    EmbeddedSchemaRegistry registry;
    RegistryHttp http;
    private final List<EmbeddedSchemaRegistry> started = new ArrayList<>();

    @BeforeAll
    void startKafka() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.singleNode());
    }

    @AfterAll
    void stopKafka() {
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

    /** A Confluent error answer: this status, this {@code error_code}, a message, the v1 JSON content type. */
    static void assertConfluentError(RegistryHttp.Reply reply, int status, int errorCode) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.errorCode()).as(reply.text()).isEqualTo(errorCode);
        assertThat(reply.message()).isNotBlank();
        assertThat(reply.contentType()).contains(RegistryHttp.V1_JSON);
    }

    /** A fresh subject name. */
    static String subject() {
        return "subject-" + UUID.randomUUID() + "-value";
    }
}
