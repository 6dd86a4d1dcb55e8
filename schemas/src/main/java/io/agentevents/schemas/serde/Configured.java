package io.agentevents.schemas.serde;

import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;

import org.apache.kafka.common.config.ConfigException;

import java.util.Map;
import java.util.Objects;

/**
 * What a serializer or deserializer works with once configured: the client, the serde
 * configuration, and whether it created the client (and so must close it). Immutable; held in one
 * volatile field, so every thread sees a whole configuration.
 */
record Configured(SchemaRegistryClient client, SerdeConfig config, boolean ownsClient) {

    Configured {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(config, "config");
    }

    /**
     * A client and serde configuration built from Kafka-style properties.
     *
     * @throws ConfigException naming the missing or bad property
     */
    static Configured fromProperties(Map<String, ?> configs, boolean isKey) {
        Objects.requireNonNull(configs, "configs");
        try {
            SerdeConfig config = SerdeConfig.fromProperties(configs, isKey);
            return new Configured(new HttpSchemaRegistryClient(SchemaRegistryConfig.fromProperties(configs)), config, true);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid DomainEvent serde configuration: " + e.getMessage());
        }
    }

    /** This configuration for keys or values. */
    Configured forKey(boolean isKey) {
        return new Configured(client, config.withKey(isKey), ownsClient);
    }

    /** Closes the client if it was created here. */
    void release() {
        if (ownsClient) {
            client.close();
        }
    }
}
