package io.agentevents.schemas.serde;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventDecodingException;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryException;

import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a {@link DomainEvent} from a Kafka record in Confluent's wire format, whatever schema
 * version wrote it: the writer's schema is fetched by the id in bytes 1..4 (and cached by the
 * client: ids are immutable) and Avro schema resolution maps it onto {@link AvroEventCodec#SCHEMA}.
 * Fields added later get their defaults; an event type this build does not know reads as
 * {@link EventType#UNKNOWN}. Records written by any Confluent-compatible Avro serializer, in any
 * language, read the same way.
 *
 * <p>Built like {@link DomainEventSerializer}: with no arguments and then
 * {@link #configure(Map, boolean)} (builds and later closes its own HTTP client from
 * {@code schema.registry.url}, ...), or with a {@link SchemaRegistryClient} it never closes.
 *
 * <p>Thread-safe once configured. Bad input never corrupts state: each failure is a
 * {@link SerializationException} naming the topic (Kafka's consumer adds partition and offset), so
 * the record can be dead-lettered and reading go on:
 * <ul>
 *   <li>fewer than 5 bytes, or a first byte other than 0: {@code unknown magic byte ...};</li>
 *   <li>a schema id the registry does not know: {@code unknown schema id N ...}, cause a
 *       {@link SchemaRegistryException} with {@link SchemaRegistryException#SCHEMA_NOT_FOUND};</li>
 *   <li>the registry cannot be reached: cause a retriable {@link SchemaRegistryException};</li>
 *   <li>truncated or corrupt Avro, or an event that breaks the contract: cause an
 *       {@link EventDecodingException}. That includes lengths and counts beyond the record and
 *       arrays or maps nested over 64 deep: whatever the bytes, decoding costs time and memory in
 *       proportion to their length, and never ends in an {@link OutOfMemoryError} or a
 *       {@link StackOverflowError} (see {@link AvroEventCodec#decode(byte[], int, int, Schema)}).</li>
 * </ul>
 * No other exception comes out of {@link #deserialize(String, byte[])} for any bytes
 * ({@code DomainEventDeserializerFuzzProperties} feeds it random and mutated records).
 */
public final class DomainEventDeserializer extends ConfiguredHalf implements Deserializer<DomainEvent> {

    private static final int MAX_CACHED_SCHEMAS = 1_000;

    private final AvroEventCodec codec = new AvroEventCodec();
    /** Writer schemas by id, as the client answered them: ids are immutable, so one answer serves forever. */
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    /** Held while asking the registry for an id not cached yet: threads that miss together ask once. */
    private final Object fetching = new Object();

    /** An unconfigured deserializer, for Kafka to {@link #configure(Map, boolean) configure}. */
    public DomainEventDeserializer() {
        super(null);
    }

    /** A ready deserializer that uses (and never closes) this client. */
    public DomainEventDeserializer(SchemaRegistryClient client, SerdeConfig config) {
        super(new Configured(client, config, false));
    }

    @Override
    void clearCaches() {
        schemasById.clear();
    }

    /**
     * The event these bytes hold; null for null bytes.
     *
     * @throws SerializationException if the bytes are not a DomainEvent in the Confluent wire format
     */
    @Override
    public DomainEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        Configured current = current();
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new SerializationException("unknown magic byte: record of topic " + topic + " has " + data.length
                    + " byte(s), fewer than the 5 of the Confluent wire-format header (magic byte 0, 4-byte schema id)");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format("unknown magic byte 0x%02x in record of topic %s"
                    + " (%d bytes): not in the Confluent wire format, which starts with 0x00", data[0] & 0xFF, topic, data.length));
        }
        int id = WireFormat.schemaId(data);
        Schema writer = writerSchema(current, topic, id);
        try {
            return codec.decode(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, writer);
        } catch (EventDecodingException e) {
            throw new SerializationException("could not decode record of topic " + topic + " written with schema id "
                    + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * The writer schema of an id: cached here, and asked for once however many threads miss it
     * together (e.g. every handler slot of a subscriber starting on a backlog), so they share one
     * answer and one parsed schema instead of each asking the registry.
     */
    private Schema writerSchema(Configured current, String topic, int id) {
        Schema schema = schemasById.get(id);
        if (schema != null) {
            return schema;
        }
        synchronized (fetching) {
            schema = schemasById.get(id);
            if (schema == null) {
                schema = fetchWriterSchema(current, topic, id);
                if (schemasById.size() >= MAX_CACHED_SCHEMAS) {
                    schemasById.clear();
                }
                schemasById.put(id, schema);
            }
            return schema;
        }
    }

    private static Schema fetchWriterSchema(Configured current, String topic, int id) {
        try {
            return current.client().schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new SerializationException("unknown schema id " + id + " in record of topic " + topic
                        + ": the schema registry has no such schema (" + e.getMessage() + ")", e);
            }
            throw new SerializationException("could not fetch schema id " + id + " for record of topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }
}
