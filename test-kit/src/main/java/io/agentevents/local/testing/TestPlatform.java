package io.agentevents.local.testing;

import java.util.Locale;
import java.util.UUID;

/**
 * A Kafka cluster and a Confluent-compatible schema registry that tests cross for real: the
 * embedded ones by default, containers (Apache Kafka and Confluent Schema Registry images) when
 * asked. One instance is shared by every test of a JVM, so tests must use {@link #uniqueName}
 * for their topics, groups and subjects. Thread-safe.
 */
public interface TestPlatform {

    /** {@code bootstrap.servers} for clients. */
    String bootstrapServers();

    /** Base URL of the schema registry, e.g. {@code http://127.0.0.1:35001}. */
    String schemaRegistryUrl();

    /** {@code embedded} or {@code containers}. */
    String kind();

    /** A name no other test of this JVM uses: {@code <prefix>-<random>}, legal as a topic name. */
    default String uniqueName(String prefix) {
        return prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + "-"
                + UUID.randomUUID().toString().substring(0, 13);
    }
}
