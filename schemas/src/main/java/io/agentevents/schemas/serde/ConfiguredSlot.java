package io.agentevents.schemas.serde;

import java.util.Map;
import java.util.Objects;

/**
 * The configuration of one serializer or deserializer and its lifecycle, written once for both:
 * Kafka's {@code configure} (build an own client, or keep a given one and only take the key/value
 * side), sharing a {@link DomainEventSerde}'s client, and closing the client it owns. The
 * {@link Configured} sits in one volatile field, so every thread sees a whole configuration;
 * {@code configure} must happen before the first use and not concurrently with it.
 */
final class ConfiguredSlot {
    private final String owner;
    private final Runnable onChange;
    private volatile Configured configured;

    /**
     * @param owner    the class name the "not configured" error names
     * @param onChange drops what was cached under the previous configuration; run before each change
     * @param initial  a ready configuration, or null until {@link #configure} is called
     */
    ConfiguredSlot(String owner, Runnable onChange, Configured initial) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.configured = initial;
    }

    /**
     * Builds an own HTTP client from {@code configs} (closing the one built before), or, when a
     * client was given, keeps it and only takes {@code isKey}.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming a missing or bad property
     */
    void configure(Map<String, ?> configs, boolean isKey) {
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

    /** Switches to {@code next} (a client shared with a serde, which closes it). */
    void use(Configured next) {
        Objects.requireNonNull(next, "next");
        onChange.run();
        configured = next;
    }

    /** The configuration in use. @throws IllegalStateException if there is none yet */
    Configured current() {
        Configured current = configured;
        if (current == null) {
            throw new IllegalStateException(owner + " is not configured: call configure(...) "
                    + "or build it with a SchemaRegistryClient");
        }
        return current;
    }

    /** Closes the registry client if it was created here. */
    void close() {
        Configured current = configured;
        if (current != null) {
            current.release();
        }
    }
}
