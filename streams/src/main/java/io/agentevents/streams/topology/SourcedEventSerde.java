package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * The serde of {@link SourcedEvent} on internal topics: a version byte ({@value #VERSION}), the
 * source topic (modified UTF-8), partition (int) and offset (long), then the event as the event
 * serde writes it for the internal topic (Confluent wire format: the event schema is registered
 * under {@code <internal topic>-value}, as Confluent's Avro serdes do for Kafka Streams' internal
 * topics). Thread-safe when the event serde is.
 */
final class SourcedEventSerde implements Serde<SourcedEvent>, Serializer<SourcedEvent>, Deserializer<SourcedEvent> {

    static final byte VERSION = 1;

    private final Serde<DomainEvent> events;

    SourcedEventSerde(Serde<DomainEvent> events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public byte[] serialize(String topic, SourcedEvent value) {
        if (value == null) {
            return null;
        }
        byte[] event = events.serializer().serialize(topic, value.event());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(event.length + value.topic().length() + 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(value.topic());
            out.writeInt(value.partition());
            out.writeLong(value.offset());
            out.write(event);
        } catch (IOException e) {
            throw new SerializationException("cannot write the source position of event " + value.event().eventId(), e);
        }
        return bytes.toByteArray();
    }

    @Override
    public SourcedEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("record of internal topic " + topic + " has format version " + version
                        + "; this build reads version " + VERSION);
            }
            String source = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            return new SourcedEvent(events.deserializer().deserialize(topic, in.readAllBytes()), source, partition, offset);
        } catch (IOException e) {
            throw new SerializationException("record of internal topic " + topic + " is truncated (" + data.length
                    + " bytes)", e);
        }
    }

    @Override
    public Serializer<SourcedEvent> serializer() {
        return this;
    }

    @Override
    public Deserializer<SourcedEvent> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // the event serde is configured by its owner
    }

    @Override
    public void close() {
        // the event serde is closed by its owner
    }
}
