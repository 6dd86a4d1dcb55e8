package io.agentevents.consumer.deadletter;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterStatsTest {

    @Test
    void countsByReasonErrorClassTypeAndDomainSortedWithNoneForMissingValues() {
        DeadLetterStats.Counter counter = new DeadLetterStats.Counter();
        counter.add(Letters.handlerFailed(DomainEvent.builder(EventType.TOOL_FAILED).source("t").build(), 1));
        counter.add(Letters.handlerFailed(DomainEvent.builder(EventType.TOOL_FAILED).source("t").build(), 2));
        counter.add(Letters.undecodable(Optional.empty(), Optional.empty()));
        counter.add(Letters.undecodable(Optional.of("plan.created"), Optional.empty()));
        DeadLetterStats stats = counter.stats();

        assertThat(stats.total()).isEqualTo(4);
        assertThat(stats.byReason()).containsExactly(Map.entry("handler-failed", 2L), Map.entry("undecodable", 2L));
        assertThat(stats.byErrorClass()).containsExactly(Map.entry("java.lang.IllegalStateException", 2L),
                Map.entry("org.apache.kafka.common.errors.SerializationException", 2L));
        assertThat(stats.byEventType()).containsExactly(Map.entry(DeadLetterStats.NONE, 1L),
                Map.entry("plan.created", 1L), Map.entry("tool.failed", 2L));
        assertThat(stats.byDomain()).containsExactly(Map.entry("plan", 2L), Map.entry("tool", 2L));
    }

    @Test
    void mapsAreCopiedSortedAndUnmodifiableAndZeroCountsDropped() {
        Map<String, Long> reasons = new HashMap<>(Map.of("b", 1L, "a", 2L, "z", 0L));
        DeadLetterStats stats = new DeadLetterStats(3, reasons, Map.of(), Map.of(), Map.of());
        reasons.put("c", 5L);
        assertThat(stats.byReason()).containsExactly(Map.entry("a", 2L), Map.entry("b", 1L));
        assertThatThrownBy(() -> stats.byReason().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new DeadLetterStats(-1, Map.of(), Map.of(), Map.of(), Map.of()))
                .hasMessageContaining("total");
        assertThatThrownBy(() -> new DeadLetterStats(1, Map.of("a", -1L), Map.of(), Map.of(), Map.of()))
                .hasMessageContaining("byReason");
        assertThat(DeadLetterStats.empty().total()).isZero();
    }
}
