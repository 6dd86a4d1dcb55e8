package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.EventFixtures;
import io.agentevents.streams.model.AuditEntry;
import io.agentevents.streams.model.JsonSerdes;
import io.agentevents.streams.model.SourcePosition;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit topic's JSON, written straight from the event, is the entry's JSON byte for byte. */
class AuditEntryJsonSerializerTest {

    static Stream<DomainEvent> events() {
        Map<String, Object> odd = new LinkedHashMap<>();
        odd.put("nan", Double.NaN);
        odd.put("infinity", Double.NEGATIVE_INFINITY);
        odd.put("minus zero", -0.0);
        odd.put("quote \" and \\ and \n", "\u00e9\u4e2d\ud83d\ude00 \u0001 </script>");
        odd.put("empty list", List.of());
        odd.put("empty map", Map.of());
        odd.put("nested", List.of(List.of(1L, 2.5, true, "x"), Map.of("k", List.of())));
        List<Object> withNull = new ArrayList<>(Arrays.asList(null, 0L, Long.MIN_VALUE, Double.MAX_VALUE));
        odd.put("nulls", withNull);
        return Stream.of(EventFixtures.fullEvent(), EventFixtures.minimalEvent(EventType.TOOL_INVOKED),
                DomainEvent.builder(EventType.BUDGET_CONSUMED).source("s").timestamp(Instant.parse("2026-01-02T03:04:05Z"))
                        .planId("p \u00e9").details(odd).build(),
                DomainEvent.builder(EventType.SESSION_ENDED).source("s").timestamp(Instant.parse("1969-12-31T23:59:59.999999Z"))
                        .build());
    }

    @ParameterizedTest
    @MethodSource("events")
    void writesWhatTheEntrySerdeWrites(DomainEvent event) {
        SourcedEvent sourced = new SourcedEvent(event, new byte[10], new SourcePosition("events.plan", 2, 42));
        byte[] expected = JsonSerdes.of(AuditEntry.class).serializer().serialize("projections.audit",
                AuditEntry.of(event, "events.plan", 2, 42));
        assertThat(new String(new AuditEntryJsonSerializer().serialize("projections.audit", sourced),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
    }
}
