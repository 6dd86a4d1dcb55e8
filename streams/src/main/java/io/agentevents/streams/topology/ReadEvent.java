package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;

import io.agentevents.streams.store.StatelessSerde;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

import java.util.Objects;

/**
 * A domain-topic record as the topology reads it: the decoded event and the bytes it was decoded
 * from (kept so the audit stores hold the event exactly as written, without encoding it again).
 */
record ReadEvent(DomainEvent event, byte[] wireBytes) {

    ReadEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(wireBytes, "wireBytes");
    }

    /**
     * The source serde: decodes with the event serde (whose failures go to the deserialization
     * exception handler as before) and keeps the bytes; writes the bytes back unchanged.
     */
    static final class ReadEventSerde extends StatelessSerde<ReadEvent> {
        private final Deserializer<DomainEvent> events;

        ReadEventSerde(Serde<DomainEvent> events) {
            this.events = Objects.requireNonNull(events, "events").deserializer();
        }

        @Override
        public ReadEvent deserialize(String topic, byte[] data) {
            DomainEvent event = events.deserialize(topic, data);
            return event == null ? null : new ReadEvent(event, data);
        }

        @Override
        public ReadEvent deserialize(String topic, Headers headers, byte[] data) {
            DomainEvent event = events.deserialize(topic, headers, data);
            return event == null ? null : new ReadEvent(event, data);
        }

        @Override
        public byte[] serialize(String topic, ReadEvent value) {
            return value == null ? null : value.wireBytes();
        }
    }
}
