package io.agentevents.schemas.serde;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryException;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a {@link DomainEvent} as a Kafka record value (or key) in Confluent's wire format: byte 0 =
 * magic byte 0, bytes 1..4 = the schema id (big-endian), then the Avro binary of the event. Any
 * Confluent-compatible deserializer, in any language, reads it.
 *
 * <p>The id is that of {@link AvroEventCodec#CONTRACT_SCHEMA}, the contract's own text without
 * Java-only properties: the schema a Python or Node client registering {@code DomainEvent.avsc}
 * registers, so every language writes the same id. The bytes are written with the codec's Java
 * schema, which has the same parsing canonical form, so they are exactly the contract's encoding.
 *
 * <p>The schema id comes from the registry once per subject ({@code <topic>-value}, see
 * {@link SerdeConfig#subject(String)}) and is then kept: with {@link SerdeConfig#autoRegister()} the
 * schema is registered (an existing registration answers its id), without it the schema is only
 * looked up and must already be registered (the contract, or for a registry provisioned by an
 * older build, the Java-flavoured schema it registered, whose id is then written).
 *
 * <p>Two ways to build it:
 * <ul>
 *   <li>{@link #DomainEventSerializer()} then {@link #configure(Map, boolean)}, as Kafka does for
 *       {@code value.serializer=io.agentevents.schemas.serde.DomainEventSerializer}: builds its own
 *       {@link io.agentevents.schemas.registry.HttpSchemaRegistryClient} from the properties
 *       ({@code schema.registry.url}, ...; see {@link io.agentevents.schemas.registry.SchemaRegistryConfig#fromProperties(Map)}
 *       and {@link SerdeConfig#fromProperties(Map, boolean)}) and closes it in {@link #close()};</li>
 *   <li>{@link #DomainEventSerializer(SchemaRegistryClient, SerdeConfig)}: uses the given client and
 *       never closes it. A later {@code configure} call only takes the key/value side from Kafka.</li>
 * </ul>
 *
 * <p>The event is encoded straight from its fields into a per-thread buffer that is reused (see
 * {@link AvroEventCodec}), behind the subject's header (made once), and copied out once.
 *
 * <p>Thread-safe once configured: one instance may serve every thread of a producer.
 * {@code configure} must happen before the first use and not concurrently with it.
 *
 * <p>Failures are {@link SerializationException}s naming the topic and subject; a registry failure
 * is their cause, a {@link SchemaRegistryException} whose {@link SchemaRegistryException#retriable()}
 * says whether trying again may help (registry down or slow) or not (schema incompatible, not
 * registered).
 */
public final class DomainEventSerializer extends ConfiguredHalf implements Serializer<DomainEvent> {

    private static final int MAX_CACHED_SUBJECTS = 1_000;

    private final AvroEventCodec codec = new AvroEventCodec();
    /** The wire-format header (magic byte and schema id) of each subject, made once. */
    private final Map<String, byte[]> headersBySubject = new ConcurrentHashMap<>();

    /** An unconfigured serializer, for Kafka to {@link #configure(Map, boolean) configure}. */
    public DomainEventSerializer() {
        super(null);
    }

    /** A ready serializer that uses (and never closes) this client. */
    public DomainEventSerializer(SchemaRegistryClient client, SerdeConfig config) {
        super(new Configured(client, config, false));
    }

    @Override
    void clearCaches() {
        headersBySubject.clear();
    }

    /**
     * The event in Confluent's wire format; null for a null event.
     *
     * @throws SerializationException if the schema id cannot be had from the registry, naming the
     *                                topic and subject, with the registry failure as cause
     */
    @Override
    public byte[] serialize(String topic, DomainEvent event) {
        if (event == null) {
            return null;
        }
        return codec.encode(header(topic, current()), event);
    }

    /** The wire-format header for the topic's subject: asks the registry the first time only. */
    private byte[] header(String topic, Configured current) {
        if (topic == null) {
            throw new SerializationException("cannot serialize a DomainEvent without a topic: the topic names "
                    + "the schema registry subject (<topic>-value)");
        }
        String subject = current.config().subject(topic);
        byte[] cached = headersBySubject.get(subject);
        if (cached != null) {
            return cached;
        }
        int id = current.config().autoRegister() ? register(current, topic, subject) : lookUp(current, topic, subject);
        if (headersBySubject.size() >= MAX_CACHED_SUBJECTS) {
            headersBySubject.clear();
        }
        byte[] header = WireFormat.header(id);
        headersBySubject.put(subject, header);
        return header;
    }

    private static int register(Configured current, String topic, String subject) {
        try {
            return current.client().register(subject, AvroEventCodec.CONTRACT_SCHEMA);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("could not register the DomainEvent schema under subject "
                    + subject + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * The id of the contract under the subject; when the subject does not hold it but holds the
     * Java-flavoured schema that builds before this one registered (same contract, other text), that
     * one's id, so a registry provisioned by an older build keeps working without auto-registration.
     */
    private static int lookUp(Configured current, String topic, String subject) {
        try {
            try {
                return current.client().lookup(subject, AvroEventCodec.CONTRACT_SCHEMA).id();
            } catch (SchemaRegistryException e) {
                if (e.errorCode() != SchemaRegistryException.SCHEMA_NOT_FOUND) {
                    throw e;
                }
                return current.client().lookup(subject, AvroEventCodec.SCHEMA).id();
            }
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new SerializationException("the DomainEvent schema is not registered under subject " + subject
                        + " (topic " + topic + ") and auto-registration is off (" + SerdeConfig.AUTO_REGISTER_SCHEMAS
                        + "=false): register the schema first; registry said: " + e.getMessage(), e);
            }
            throw new SerializationException("could not look up the DomainEvent schema under subject "
                    + subject + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
