package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Dead-letter fixtures for unit tests. */
final class Letters {
    private Letters() {
    }

    static DeadLetter handlerFailed(DomainEvent event, long offset) {
        return new DeadLetter(RecordPosition.of("events.tool.dlq", 0, offset), Domain.TOOL,
                Optional.of(event.correlationId()), new byte[] {0, 0, 0, 0, 1, 2, 3}, Optional.of(event),
                Optional.of(event.type().wireName()), DeadLetterHeaders.REASON_HANDLER_FAILED, "java.lang.IllegalStateException",
                "boom", Optional.of(RecordPosition.of("events.tool", 0, 40 + offset)), 3, Instant.parse("2025-01-01T00:00:00Z"),
                "group-a", List.of(DeadLetter.Header.of("ce_id", event.eventId()), DeadLetter.Header.of("ce_type",
                        event.type().wireName()), DeadLetter.Header.of(DeadLetterHeaders.REASON, "handler-failed"),
                        DeadLetter.Header.of(DeadLetterHeaders.SOURCE_TOPIC, "events.tool")));
    }

    static DeadLetter undecodable(Optional<String> ceType, Optional<String> ceId) {
        List<DeadLetter.Header> headers = new ArrayList<>();
        ceType.ifPresent(type -> headers.add(DeadLetter.Header.of("ce_type", type)));
        ceId.ifPresent(id -> headers.add(DeadLetter.Header.of("ce_id", id)));
        headers.add(DeadLetter.Header.of(DeadLetterHeaders.REASON, "undecodable"));
        return new DeadLetter(RecordPosition.of("events.plan.dlq", 1, 7), Domain.PLAN, Optional.empty(), new byte[] {42},
                Optional.empty(), ceType, DeadLetterHeaders.REASON_UNDECODABLE,
                "org.apache.kafka.common.errors.SerializationException", "unknown magic byte", Optional.empty(), 0,
                Instant.parse("2025-01-01T00:00:01Z"), "", headers);
    }
}
