package io.agentevents.local.testing;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;

/**
 * Apache Kafka (the official {@code apache/kafka} image, KRaft) and Confluent Schema Registry
 * ({@code confluentinc/cp-schema-registry}) in containers, for running the same tests against
 * the real third-party registry. Needs a Docker engine: where none runs, {@link #start()} aborts
 * the calling test (JUnit reports it skipped) instead of failing.
 */
public final class ContainersTestPlatform implements TestPlatform, AutoCloseable {
    /** Image of the broker, overridable with {@code -Deventbus.test.kafka-image}. */
    public static final String KAFKA_IMAGE = System.getProperty("eventbus.test.kafka-image", "apache/kafka:4.1.0");
    /** Image of the registry, overridable with {@code -Deventbus.test.registry-image}. */
    public static final String REGISTRY_IMAGE =
            System.getProperty("eventbus.test.registry-image", "confluentinc/cp-schema-registry:7.9.0");

    private final Network network;
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    private ContainersTestPlatform(Network network, KafkaContainer kafka, GenericContainer<?> registry) {
        this.network = network;
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Whether a Docker engine answers. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Starts both containers; aborts (skips) the calling test when no Docker engine runs. */
    public static ContainersTestPlatform start() {
        Assumptions.assumeTrue(dockerAvailable(),
                "no Docker engine: the Testcontainers platform (" + KAFKA_IMAGE + ", " + REGISTRY_IMAGE + ") is skipped");
        Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withNetwork(network)
                .withListener("kafka:19092");
        GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)))
                .dependsOn(kafka);
        try {
            kafka.start();
            registry.start();
            return new ContainersTestPlatform(network, kafka, registry);
        } catch (RuntimeException e) {
            registry.stop();
            kafka.stop();
            network.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
    }

    @Override
    public String kind() {
        return "containers";
    }

    @Override
    public void close() {
        registry.stop();
        kafka.stop();
        network.close();
    }
}
