package io.agentevents.streams.model;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.agentevents.streams.model.TestEvents.event;
import static io.agentevents.streams.model.TestEvents.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditTrailTest {

    private static final AuditRetention ROOMY = AuditRetention.defaults();

    private static AuditEntry entry(long seconds, int n, long offset) {
        DomainEvent event = event(EventType.TOOL_INVOKED, "p", seconds, n);
        return AuditEntry.of(event, "events.tool", 0, offset);
    }

    private static AuditTrail trail(AuditRetention retention, AuditEntry... entries) {
        AuditTrail trail = AuditTrail.empty();
        for (AuditEntry entry : entries) {
            trail = trail.add(entry, retention);
        }
        return trail;
    }

    @Test
    void entriesAreInTimestampThenEventIdOrderWhateverTheArrivalOrder() {
        AuditTrail trail = trail(ROOMY, entry(5, 3, 0), entry(1, 4, 1), entry(5, 2, 2), entry(9, 1, 3));
        assertThat(trail.entries()).extracting(AuditEntry::eventId).containsExactly(id(4), id(2), id(3), id(1));
        assertThat(trail.inputOffsets()).containsExactly(Map.entry("events.tool-0", 3L));
        assertThat(trail.dropped()).isZero();
    }

    @Test
    void anEventIdAlreadyPresentIsNotAddedAgain() {
        AuditTrail trail = trail(ROOMY, entry(1, 1, 5));
        assertThat(trail.add(entry(1, 1, 5), ROOMY)).isSameAs(trail);
        assertThat(trail.add(entry(1, 1, 2), ROOMY)).isSameAs(trail);
        AuditTrail moved = trail.add(entry(1, 1, 8), ROOMY);
        assertThat(moved.entries()).isEqualTo(trail.entries());
        assertThat(moved.inputOffsets()).containsExactly(Map.entry("events.tool-0", 8L));
    }

    @Test
    void theOldestEntriesAreEvictedBeyondTheMaximumCount() {
        AuditRetention three = new AuditRetention(3, Duration.ofDays(1));
        AuditTrail trail = trail(three, entry(4, 4, 0), entry(2, 2, 1), entry(5, 5, 2), entry(1, 1, 3), entry(3, 3, 4));
        assertThat(trail.entries()).extracting(AuditEntry::eventId).containsExactly(id(3), id(4), id(5));
        assertThat(trail.dropped()).isEqualTo(2);
        assertThat(trail.inputOffsets()).containsExactly(Map.entry("events.tool-0", 4L));
    }

    @Test
    void entriesOlderThanTheMaximumAgeBeforeTheNewestAreEvicted() {
        AuditRetention minute = new AuditRetention(100, Duration.ofMinutes(1));
        AuditTrail trail = trail(minute, entry(0, 1, 0), entry(30, 2, 1), entry(60, 3, 2));
        assertThat(trail.entries()).hasSize(3);
        trail = trail.add(entry(61, 4, 3), minute);
        assertThat(trail.entries()).extracting(AuditEntry::eventId).containsExactly(id(2), id(3), id(4));
        assertThat(trail.dropped()).isEqualTo(1);
        AuditTrail late = trail.add(entry(-100, 5, 4), minute);
        assertThat(late.entries()).isEqualTo(trail.entries());
        assertThat(late.dropped()).isEqualTo(2);
    }

    @Test
    void theConstructorSortsAndDeduplicatesEntriesGivenOutOfOrder() {
        AuditEntry a = entry(1, 1, 0);
        AuditEntry b = entry(2, 2, 1);
        AuditTrail trail = new AuditTrail(List.of(b, a, b), Map.of(), 0);
        assertThat(trail.entries()).containsExactly(a, b);
        assertThatThrownBy(() -> new AuditTrail(List.of(), Map.of(), -1)).hasMessageContaining("dropped");
        assertThatThrownBy(() -> new AuditRetention(0, Duration.ofDays(1))).hasMessageContaining("maxEntries");
        assertThatThrownBy(() -> new AuditRetention(1, Duration.ZERO)).hasMessageContaining("maxAge");
    }

    @Test
    void anEntryCarriesTheEventItsPositionAndItsJsonShape() {
        DomainEvent event = io.agentevents.schemas.testing.EventFixtures.fullEvent();
        AuditEntry entry = AuditEntry.of(event, "events.plan", 2, 42);
        assertThat(entry.eventId()).isEqualTo(event.eventId());
        assertThat(entry.eventType()).isEqualTo("plan.phase_changed");
        assertThat(entry.timestamp()).isEqualTo(event.timestamp());
        assertThat(entry.correlationId()).isEqualTo(event.correlationId());
        assertThat(entry.planId()).isEqualTo(event.planId());
        assertThat(entry.source()).isEqualTo(event.source());
        assertThat(entry.sourcePosition()).isEqualTo("events.plan-2");
        assertThat(entry.offset()).isEqualTo(42);
        assertThat(entry.event()).isEqualTo(io.agentevents.schemas.json.EventJson.toMap(event));
    }
}
