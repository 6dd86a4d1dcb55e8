package io.agentevents.local;

import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.schemas.Domain;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the {@link LocalPlatform}. Ports of 0 mean "any free port". {@link #toString()} never
 * prints a password.
 *
 * @param kafkaPort     client port of the first broker (the others take the next ports), 9092 by default
 * @param registryPort  schema registry port, 8081 by default
 * @param httpPort      port of the projections' HTTP query API, 8080 by default
 * @param dataDirectory where Kafka keeps its data; empty = a temporary directory deleted on close
 * @param brokers       number of Kafka nodes, 1 by default (3 for replication tests)
 * @param topicPrefix   prefix of the domain topics, {@code events} by default
 * @param security      SASL users (also the registry's basic-auth users), TLS and ACLs; empty = open
 *                      to anyone on 127.0.0.1 (the default)
 */
public record LocalPlatformConfig(
        int kafkaPort,
        int registryPort,
        int httpPort,
        Optional<Path> dataDirectory,
        int brokers,
        String topicPrefix,
        Optional<EmbeddedKafkaSecurity> security) {

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
        Objects.requireNonNull(security, "security");
    }

    /** Without security, as before it was configurable. */
    public LocalPlatformConfig(int kafkaPort, int registryPort, int httpPort, Optional<Path> dataDirectory, int brokers,
                               String topicPrefix) {
        this(kafkaPort, registryPort, httpPort, dataDirectory, brokers, topicPrefix, Optional.empty());
    }

    /** The documented defaults: 9092, 8081, 8080, a temporary directory, one broker, prefix {@code events}. */
    public static LocalPlatformConfig defaults() {
        return new LocalPlatformConfig(DEFAULT_KAFKA_PORT, DEFAULT_REGISTRY_PORT, DEFAULT_HTTP_PORT,
                Optional.empty(), 1, Domain.DEFAULT_TOPIC_PREFIX, Optional.empty());
    }

    /** Every port free (0): for tests that run beside other platforms. */
    public static LocalPlatformConfig onFreePorts() {
        return new LocalPlatformConfig(0, 0, 0, Optional.empty(), 1, Domain.DEFAULT_TOPIC_PREFIX, Optional.empty());
    }

    public LocalPlatformConfig withPorts(int kafka, int registry, int http) {
        return new LocalPlatformConfig(kafka, registry, http, dataDirectory, brokers, topicPrefix, security);
    }

    public LocalPlatformConfig withDataDirectory(Path directory) {
        return new LocalPlatformConfig(kafkaPort, registryPort, httpPort, Optional.of(directory), brokers, topicPrefix,
                security);
    }

    public LocalPlatformConfig withBrokers(int count) {
        return new LocalPlatformConfig(kafkaPort, registryPort, httpPort, dataDirectory, count, topicPrefix, security);
    }

    /**
     * Secures the platform: Kafka takes only SASL/SCRAM-SHA-512 logins of these users (over TLS for
     * {@code SASL_SSL}), with ACLs when asked, and the schema registry takes only HTTP basic auth of
     * the same users. The platform itself (registry, provisioning) uses the admin user.
     */
    public LocalPlatformConfig withSecurity(EmbeddedKafkaSecurity newSecurity) {
        return new LocalPlatformConfig(kafkaPort, registryPort, httpPort, dataDirectory, brokers, topicPrefix,
                Optional.of(Objects.requireNonNull(newSecurity, "security")));
    }

    /** The fields, with every password masked. */
    @Override
    public String toString() {
        return "LocalPlatformConfig[kafkaPort=" + kafkaPort + ", registryPort=" + registryPort + ", httpPort=" + httpPort
                + ", dataDirectory=" + dataDirectory.map(Path::toString).orElse("(temporary)") + ", brokers=" + brokers
                + ", topicPrefix=" + topicPrefix + ", security=" + security.map(EmbeddedKafkaSecurity::toString).orElse("none")
                + "]";
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + port);
        }
    }
}
