package io.agentevents.schemas.serde;

import java.util.Map;
import java.util.Objects;

/**
 * What {@link DomainEventSerializer} and {@link DomainEventDeserializer} share: their configuration
 * and its lifecycle. Kafka's {@link #configure(Map, boolean)} builds an own HTTP client, or keeps a
 * given one and only takes the key/value side; a {@link DomainEventSerde} shares its client
 * ({@link #use}); {@link #close()} closes only a client built here. The {@link Configured} sits in
 * one volatile field, so every thread sees a whole configuration; {@code configure} must happen
 * before the first use and not concurrently with it.
 */
abstract class ConfiguredHalf {
    private volatile Configured configured;

    /** @param initial a ready configuration, or null until {@link #configure} is called */
    ConfiguredHalf(Configured initial) {
        this.configured = initial;
    }

    /** Drops what was cached under the previous configuration; called before each change. */
    abstract void clearCaches();

    /**
     * If built without a client, builds an HTTP client from {@code configs} (closing the one built
     * before); otherwise keeps the given client and only takes {@code isKey}.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming a missing or bad property
     */
    public void configure(Map<String, ?> configs, boolean isKey) {
        Configured current = configured;
        if (current != null && !current.ownsClient()) {
            use(current.forKey(isKey));
            return;
        }
        use(Configured.fromProperties(configs, isKey));
        if (current != null) {
            current.release();
        }
    }

    /** Shares a client with a {@link DomainEventSerde}; the serde closes it. */
    void use(Configured next) {
        Objects.requireNonNull(next, "next");
        clearCaches();
        configured = next;
    }

    /** The configuration in use. @throws IllegalStateException if there is none yet */
    Configured current() {
        Configured current = configured;
        if (current == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not configured: call configure(...) "
                    + "or build it with a SchemaRegistryClient");
        }
        return current;
    }

    /** Closes the registry client if it was created here. */
    public void close() {
        Configured current = configured;
        if (current != null) {
            current.release();
        }
    }
}
