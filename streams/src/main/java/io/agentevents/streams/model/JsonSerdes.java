package io.agentevents.streams.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * JSON {@link Serde}s for the projection values (the records of this package), used for the stores,
 * the internal topics and the output topics.
 *
 * <p>The JSON shape: record component names as field names ({@code planId}, {@code toolCalls}),
 * instants as ISO-8601 strings ({@code 2026-01-02T03:04:05.123456Z}), durations as ISO-8601
 * ({@code PT720H}), null fields written as {@code null}. Reading ignores unknown fields (so a newer
 * writer does not break an older reader) and reads whole numbers into {@code Long}s, so every record
 * equals itself after a round trip. (Non-finite doubles in event details are written as strings, as
 * JSON has no such numbers.)
 *
 * <p>Each serde owns one {@link ObjectMapper} shared by its serializer and deserializer; there is no
 * static mutable state. Serdes are thread-safe and need no configuration ({@code configure} and
 * {@code close} do nothing).
 */
public final class JsonSerdes {
    private JsonSerdes() {
    }

    /** A serde writing and reading {@code type} as JSON; null reads and writes as null. */
    public static <T> Serde<T> of(Class<T> type) {
        return new JsonSerde<>(type, objectMapper());
    }

    /** A new {@link ObjectMapper} configured as the serdes' own, e.g. to answer queries in the same JSON. */
    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .build();
    }

    private static final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
        private final Class<T> type;
        private final ObjectMapper mapper;

        JsonSerde(Class<T> type, ObjectMapper mapper) {
            this.type = Objects.requireNonNull(type, "type");
            this.mapper = mapper;
        }

        @Override
        public byte[] serialize(String topic, T value) {
            if (value == null) {
                return null;
            }
            try {
                return mapper.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON for topic "
                        + topic + ": " + e.getOriginalMessage(), e);
            }
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return mapper.readValue(data, type);
            } catch (IOException | IllegalArgumentException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + data.length
                        + " bytes of JSON in topic " + topic + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Serializer<T> serializer() {
            return this;
        }

        @Override
        public Deserializer<T> deserializer() {
            return this;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            // nothing to configure
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
