package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.registry.SchemaRegistryException;
import io.agentevents.schemas.serde.DomainEventDeserializer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a dead-letter record into a {@link DeadLetter}, decoding its value when it can. Thread-safe. */
final class DeadLetterDecoder {
    private static final byte[] NO_BYTES = new byte[0];

    private final DomainEventDeserializer deserializer;

    DeadLetterDecoder(DomainEventDeserializer deserializer) {
        this.deserializer = deserializer;
    }

    DeadLetter decode(ConsumerRecord<byte[], byte[]> record, Domain domain) {
        Headers kafkaHeaders = record.headers();
        List<DeadLetter.Header> headers = new ArrayList<>();
        kafkaHeaders.forEach(header -> headers.add(new DeadLetter.Header(header.key(), header.value())));
        RecordPosition position = new RecordPosition(record.topic(), record.partition(), record.offset());
        Optional<RecordPosition> source = source(kafkaHeaders);
        String valueTopic = source.map(RecordPosition::topic)
                .orElse(record.topic().substring(0, record.topic().length() - Domain.DEAD_LETTER_SUFFIX.length()));
        byte[] value = record.value() == null ? NO_BYTES : record.value();
        return new DeadLetter(position, domain,
                Optional.ofNullable(record.key()).map(key -> new String(key, StandardCharsets.UTF_8)),
                value,
                event(valueTopic, value, position),
                text(kafkaHeaders, CloudEventHeaders.TYPE),
                text(kafkaHeaders, DeadLetterHeaders.REASON).orElse(""),
                text(kafkaHeaders, DeadLetterHeaders.ERROR_CLASS).orElse(""),
                text(kafkaHeaders, DeadLetterHeaders.ERROR_MESSAGE).orElse(""),
                source,
                text(kafkaHeaders, DeadLetterHeaders.ATTEMPTS).flatMap(DeadLetterDecoder::parseInt).filter(n -> n >= 0).orElse(0),
                text(kafkaHeaders, DeadLetterHeaders.TIME).flatMap(DeadLetterDecoder::parseInstant)
                        .orElse(Instant.ofEpochMilli(record.timestamp())),
                text(kafkaHeaders, DeadLetterHeaders.GROUP).orElse(""),
                headers);
    }

    private Optional<DomainEvent> event(String topic, byte[] value, RecordPosition position) {
        if (value.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(deserializer.deserialize(topic, value));
        } catch (SerializationException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof SchemaRegistryException registry && registry.retriable()) {
                    throw new DeadLetterException("cannot decode the dead letter at " + position
                            + ": the schema registry is unavailable: " + registry.getMessage(), true, e);
                }
            }
            return Optional.empty(); // undecodable: the letter is shown by its headers and bytes
        }
    }

    private static Optional<RecordPosition> source(Headers headers) {
        Optional<String> topic = text(headers, DeadLetterHeaders.SOURCE_TOPIC).filter(name -> !name.isBlank());
        Optional<Integer> partition = text(headers, DeadLetterHeaders.SOURCE_PARTITION).flatMap(DeadLetterDecoder::parseInt);
        Optional<Long> offset = text(headers, DeadLetterHeaders.SOURCE_OFFSET).flatMap(DeadLetterDecoder::parseLong);
        if (topic.isEmpty() || partition.isEmpty() || offset.isEmpty() || partition.get() < 0 || offset.get() < 0) {
            return Optional.empty();
        }
        return Optional.of(new RecordPosition(topic.get(), partition.get(), offset.get()));
    }

    private static Optional<String> text(Headers headers, String name) {
        return CloudEventHeaders.get(headers, name);
    }

    private static Optional<Integer> parseInt(String text) {
        try {
            return Optional.of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parseLong(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> parseInstant(String text) {
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
