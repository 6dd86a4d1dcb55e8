package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterTest {
    private final DomainEvent event = DomainEvent.builder(EventType.TOOL_FAILED).source("t").build();

    @Test
    void theEventIdComesFromTheDecodedEventElseFromCeId() {
        assertThat(Letters.handlerFailed(event, 1).eventId()).contains(event.eventId());
        assertThat(Letters.undecodable(Optional.empty(), Optional.of("01J00000000000000000000000")).eventId())
                .contains("01J00000000000000000000000");
        assertThat(Letters.undecodable(Optional.empty(), Optional.empty()).eventId()).isEmpty();
    }

    @Test
    void theTypeIsTheCeTypeAsWrittenAndUnknownNamesAreKept() {
        DeadLetter future = Letters.undecodable(Optional.of("tool.teleported"), Optional.empty());
        assertThat(future.eventType()).contains("tool.teleported");
        assertThat(future.knownType()).contains(EventType.UNKNOWN);
        assertThat(Letters.handlerFailed(event, 1).knownType()).contains(EventType.TOOL_FAILED);
        assertThat(Letters.undecodable(Optional.empty(), Optional.empty()).knownType()).isEmpty();
    }

    @Test
    void originalHeadersDropTheDeadLetterHeadersAndAnEarlierReplayFlag() {
        DeadLetter letter = Letters.handlerFailed(event, 1);
        List<DeadLetter.Header> headers = new ArrayList<>(letter.headers());
        headers.add(DeadLetter.Header.of(DeadLetterHeaders.REPLAYED, "true"));
        headers.add(new DeadLetter.Header("traceparent", null));
        DeadLetter replayedBefore = new DeadLetter(letter.position(), letter.domain(), letter.key(), letter.value(),
                letter.event(), letter.eventType(), letter.reason(), letter.errorClass(), letter.errorMessage(),
                letter.source(), letter.attempts(), letter.time(), letter.group(), headers);
        assertThat(replayedBefore.originalHeaders()).extracting(DeadLetter.Header::key)
                .containsExactly("ce_id", "ce_type", "traceparent");
        assertThat(replayedBefore.header(DeadLetterHeaders.REASON)).contains("handler-failed");
        assertThat(replayedBefore.header("traceparent")).contains("");
        assertThat(replayedBefore.header("nope")).isEmpty();
    }

    @Test
    void bytesAreCopiedInAndOutAndComparedByContent() {
        byte[] value = {0, 1, 2};
        DeadLetter letter = Letters.handlerFailed(event, 1);
        DeadLetter same = new DeadLetter(letter.position(), letter.domain(), letter.key(), letter.value(), letter.event(),
                letter.eventType(), letter.reason(), letter.errorClass(), letter.errorMessage(), letter.source(),
                letter.attempts(), letter.time(), letter.group(), letter.headers());
        assertThat(same).isEqualTo(letter).hasSameHashCodeAs(letter);
        letter.value()[0] = 99;
        assertThat(letter.value()[0]).isZero();

        DeadLetter.Header header = new DeadLetter.Header("k", value);
        value[0] = 9;
        assertThat(header.value()[0]).isZero();
        assertThat(header).isEqualTo(new DeadLetter.Header("k", new byte[] {0, 1, 2}));
        assertThat(header.text()).hasSize(3);
    }

    @Test
    void replayabilityFollowsTheSourceHeadersAndToStringNamesTheLetter() {
        assertThat(Letters.handlerFailed(event, 1).replayable()).isTrue();
        assertThat(Letters.undecodable(Optional.empty(), Optional.empty()).replayable()).isFalse();
        assertThat(Letters.handlerFailed(event, 5).toString()).contains("events.tool.dlq-0@5").contains("handler-failed")
                .contains(event.eventId()).contains("events.tool-0@45");
    }

    @Test
    void invalidValuesAreRefusedNamingTheField() {
        DeadLetter letter = Letters.handlerFailed(event, 1);
        assertThatThrownBy(() -> new DeadLetter(letter.position(), letter.domain(), letter.key(), letter.value(),
                letter.event(), letter.eventType(), letter.reason(), letter.errorClass(), letter.errorMessage(),
                letter.source(), -1, letter.time(), letter.group(), letter.headers()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempts");
        assertThatThrownBy(() -> RecordPosition.of("t", -1, 0)).hasMessageContaining("partition");
        assertThatThrownBy(() -> RecordPosition.of("t", 0, -2)).hasMessageContaining("offset");
        assertThat(RecordPosition.of("t", 2, 9)).hasToString("t-2@9");
    }
}
