package io.agentevents.schemas.serde;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.registry.SchemaRegistryClient;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;

/**
 * The {@link DomainEventSerializer} and {@link DomainEventDeserializer} as one Kafka {@link Serde},
 * for Kafka Streams ({@code default.value.serde=io.agentevents.schemas.serde.DomainEventSerde}, or
 * {@code Consumed.with(Serdes.String(), new DomainEventSerde(client, SerdeConfig.defaults()))}).
 * Both halves share one registry client.
 *
 * <p>Built with no arguments and then {@link #configure(Map, boolean)}, it creates one HTTP client
 * from the properties for both halves and closes it in {@link #close()}; built with a
 * {@link SchemaRegistryClient}, it uses that client and never closes it. {@link #serializer()} and
 * {@link #deserializer()} always answer the same two instances, usable once the serde is configured.
 *
 * <p>Thread-safe once configured; {@code configure} must happen before first use.
 */
public final class DomainEventSerde implements Serde<DomainEvent> {

    private final DomainEventSerializer serializer;
    private final DomainEventDeserializer deserializer;
    private final boolean clientGiven;
    /** The client this serde created and must close, once configured; null otherwise. */
    private volatile Configured owned;

    /** An unconfigured serde, for Kafka to {@link #configure(Map, boolean) configure}. */
    public DomainEventSerde() {
        this.serializer = new DomainEventSerializer();
        this.deserializer = new DomainEventDeserializer();
        this.clientGiven = false;
    }

    /** A ready serde whose halves use (and never close) this client. */
    public DomainEventSerde(SchemaRegistryClient client, SerdeConfig config) {
        this.serializer = new DomainEventSerializer(client, config);
        this.deserializer = new DomainEventDeserializer(client, config);
        this.clientGiven = true;
    }

    /**
     * Configures both halves. If the serde was built without a client, builds one HTTP client from
     * {@code configs} and shares it; otherwise keeps the given client and only takes {@code isKey}.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming a missing or bad property
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (clientGiven) {
            serializer.configure(configs, isKey);
            deserializer.configure(configs, isKey);
            return;
        }
        Configured previous = owned;
        Configured next = Configured.fromProperties(configs, isKey);
        Configured shared = new Configured(next.client(), next.config(), false);
        serializer.use(shared);
        deserializer.use(shared);
        owned = next;
        if (previous != null) {
            previous.release();
        }
    }

    @Override
    public Serializer<DomainEvent> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<DomainEvent> deserializer() {
        return deserializer;
    }

    /** Closes the shared registry client if this serde created it. */
    @Override
    public void close() {
        serializer.close();
        deserializer.close();
        Configured current = owned;
        if (current != null) {
            current.release();
        }
    }
}
