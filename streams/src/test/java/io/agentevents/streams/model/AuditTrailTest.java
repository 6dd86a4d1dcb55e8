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

/** The trail as the query API answers it; how a trail is kept and bounded is {@code TrailStoreTest}'s. */
class AuditTrailTest {

    private static AuditEntry entry(long seconds, int n, long offset) {
        DomainEvent event = event(EventType.TOOL_INVOKED, "p", seconds, n);
        return AuditEntry.of(event, "events.tool", 0, offset);
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
