package io.agentevents.local;

import io.agentevents.schemas.Domain;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the {@link LocalPlatform}. Ports of 0 mean "any free port".
 *
 * @param kafkaPort     client port of the first broker (the others take the next ports), 9092 by default
 * @param registryPort  schema registry port, 8081 by default
 * @param httpPort      port of the projections' HTTP query API, 8080 by default
 * @param dataDirectory where Kafka keeps its data; empty = a temporary directory deleted on close
 * @param brokers       number of Kafka nodes, 1 by default (3 for replication tests)
 * @param topicPrefix   prefix of the domain topics, {@code events} by default
 */
public record LocalPlatformConfig(
        int kafkaPort,
        int registryPort,
        int httpPort,
        Optional<Path> dataDirectory,
        int brokers,
        String topicPrefix) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_REGISTRY_PORT = 8081;
    public static final int DEFAULT_HTTP_PORT = 8080;

    public LocalPlatformConfig {
        checkPort("kafkaPort", kafkaPort);
        checkPort("registryPort", registryPort);
        checkPort("httpPort", httpPort);
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (brokers < 1 || brokers > 3) {
            throw new IllegalArgumentException("brokers must be 1..3, was " + brokers);
        }
        if (kafkaPort != 0 && kafkaPort + brokers - 1 > 65_535) {
            throw new IllegalArgumentException("kafkaPort " + kafkaPort + " leaves no room for " + brokers + " brokers");
        }
        Domain.PLAN.topic(Objects.requireNonNull(topicPrefix, "topicPrefix"));
    }

    /** The documented defaults: 9092, 8081, 8080, a temporary directory, one broker, prefix {@code events}. */
    public static LocalPlatformConfig defaults() {
        return new LocalPlatformConfig(DEFAULT_KAFKA_PORT, DEFAULT_REGISTRY_PORT, DEFAULT_HTTP_PORT,
                Optional.empty(), 1, Domain.DEFAULT_TOPIC_PREFIX);
    }

    /** Every port free (0): for tests that run beside other platforms. */
    public static LocalPlatformConfig onFreePorts() {
        return new LocalPlatformConfig(0, 0, 0, Optional.empty(), 1, Domain.DEFAULT_TOPIC_PREFIX);
    }

    public LocalPlatformConfig withPorts(int kafka, int registry, int http) {
        return new LocalPlatformConfig(kafka, registry, http, dataDirectory, brokers, topicPrefix);
    }

    public LocalPlatformConfig withDataDirectory(Path directory) {
        return new LocalPlatformConfig(kafkaPort, registryPort, httpPort, Optional.of(directory), brokers, topicPrefix);
    }

    public LocalPlatformConfig withBrokers(int count) {
        return new LocalPlatformConfig(kafkaPort, registryPort, httpPort, dataDirectory, count, topicPrefix);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + port);
        }
    }
}
