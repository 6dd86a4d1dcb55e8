package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.schemas.serde.DomainEventSerializer;
import io.agentevents.schemas.serde.SerdeConfig;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterDecoderTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final DeadLetterDecoder decoder = new DeadLetterDecoder(new DomainEventDeserializer(registry, SerdeConfig.defaults()));
    private final DomainEvent event = DomainEvent.builder(EventType.TOOL_INVOKED).source("t").correlationId("c-1").build();

    @Test
    void aLetterOfADecodableRecordCarriesTheEventAndEveryDeadLetterHeader() {
        byte[] value = new DomainEventSerializer(registry, SerdeConfig.defaults()).serialize("p.tool", event);
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(headers, event, null);
        add(headers,
                DeadLetterHeaders.REASON, "handler-failed",
                DeadLetterHeaders.ERROR_CLASS, "java.lang.IllegalStateException",
                DeadLetterHeaders.ERROR_MESSAGE, "boom",
                DeadLetterHeaders.SOURCE_TOPIC, "p.tool",
                DeadLetterHeaders.SOURCE_PARTITION, "2",
                DeadLetterHeaders.SOURCE_OFFSET, "41",
                DeadLetterHeaders.ATTEMPTS, "3",
                DeadLetterHeaders.TIME, "2025-03-04T05:06:07.123456Z",
                DeadLetterHeaders.GROUP, "g");

        DeadLetter letter = decoder.decode(record("p.tool.dlq", "c-1", value, headers), Domain.TOOL);

        assertThat(letter.position()).isEqualTo(RecordPosition.of("p.tool.dlq", 1, 9));
        assertThat(letter.domain()).isEqualTo(Domain.TOOL);
        assertThat(letter.key()).contains("c-1");
        assertThat(letter.value()).isEqualTo(value);
        assertThat(letter.event()).contains(event);
        assertThat(letter.eventType()).contains("tool.invoked");
        assertThat(letter.reason()).isEqualTo("handler-failed");
        assertThat(letter.errorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(letter.errorMessage()).isEqualTo("boom");
        assertThat(letter.source()).contains(RecordPosition.of("p.tool", 2, 41));
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.time()).isEqualTo(Instant.parse("2025-03-04T05:06:07.123456Z"));
        assertThat(letter.group()).isEqualTo("g");
        assertThat(letter.headers()).hasSize(headers.toArray().length);
        assertThat(letter.originalHeaders()).extracting(DeadLetter.Header::key).allMatch(key -> key.startsWith("ce_")
                || key.equals("content-type"));
    }

    @Test
    void aLetterWithoutHeadersOrDecodableBytesStillReads() {
        DeadLetter letter = decoder.decode(record("p.plan.dlq", null, new byte[] {0, 0, 0, 0x7f, 0x7f, 1}, new RecordHeaders()),
                Domain.PLAN);
        assertThat(letter.event()).isEmpty();
        assertThat(letter.key()).isEmpty();
        assertThat(letter.eventType()).isEmpty();
        assertThat(letter.reason()).isEmpty();
        assertThat(letter.source()).isEmpty();
        assertThat(letter.attempts()).isZero();
        assertThat(letter.time()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));

        RecordHeaders malformed = new RecordHeaders();
        add(malformed,
                DeadLetterHeaders.SOURCE_TOPIC, "p.plan",
                DeadLetterHeaders.SOURCE_PARTITION, "two",
                DeadLetterHeaders.SOURCE_OFFSET, "4",
                DeadLetterHeaders.ATTEMPTS, "-3",
                DeadLetterHeaders.TIME, "yesterday");
        DeadLetter odd = decoder.decode(record("p.plan.dlq", "k", null, malformed), Domain.PLAN);
        assertThat(odd.source()).isEmpty();
        assertThat(odd.attempts()).isZero();
        assertThat(odd.time()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(odd.value()).isEmpty();
    }

    @Test
    void anUnreachableRegistryFailsTheReadAsRetriableInsteadOfCallingTheLetterUndecodable() {
        SchemaRegistryConfig nowhere = SchemaRegistryConfig.of("http://127.0.0.1:1").withConnectTimeout(Duration.ofMillis(500))
                .withRequestTimeout(Duration.ofMillis(500));
        byte[] value = new DomainEventSerializer(registry, SerdeConfig.defaults()).serialize("p.tool", event);
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(nowhere)) {
            DeadLetterDecoder offline = new DeadLetterDecoder(new DomainEventDeserializer(client, SerdeConfig.defaults()));
            assertThatThrownBy(() -> offline.decode(record("p.tool.dlq", "k", value, new RecordHeaders()), Domain.TOOL))
                    .isInstanceOf(DeadLetterException.class).hasMessageContaining("p.tool.dlq-1@9")
                    .hasMessageContaining("schema registry")
                    .satisfies(e -> assertThat(((DeadLetterException) e).retriable()).isTrue());
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(topic, 1, 9, 1_700_000_000_000L, TimestampType.CREATE_TIME, -1, -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    /** Adds UTF-8 headers given as name, value, name, value, ... in that order. */
    private static void add(RecordHeaders headers, String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
    }
}
