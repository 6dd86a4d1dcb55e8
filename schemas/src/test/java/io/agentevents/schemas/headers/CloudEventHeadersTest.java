package io.agentevents.schemas.headers;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.EventFixtures;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventHeadersTest {

    @Test
    void everyDesignHeaderIsWritten() {
        RecordHeaders headers = new RecordHeaders();
        DomainEvent event = EventFixtures.fullEvent();
        CloudEventHeaders.write(headers, event, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertThat(CloudEventHeaders.get(headers, "ce_specversion")).contains("1.0");
        assertThat(CloudEventHeaders.get(headers, "ce_id")).contains(event.eventId());
        assertThat(CloudEventHeaders.get(headers, "ce_type")).contains("plan.phase_changed");
        assertThat(CloudEventHeaders.get(headers, "ce_source")).contains("/agents/planner-1");
        assertThat(CloudEventHeaders.get(headers, "ce_time")).contains("2026-01-02T03:04:05.123456Z");
        assertThat(CloudEventHeaders.get(headers, "ce_subject")).contains(EventFixtures.PLAN_ID);
        assertThat(CloudEventHeaders.get(headers, "ce_partitionkey")).contains(event.correlationId());
        assertThat(CloudEventHeaders.get(headers, "content-type")).contains("application/avro");
        assertThat(CloudEventHeaders.get(headers, "traceparent")).contains("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(CloudEventHeaders.type(headers)).contains(EventType.PLAN_PHASE_CHANGED);
    }

    @Test
    void optionalHeadersAreLeftOutWhenAbsent() {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(headers, EventFixtures.minimalEvent(EventType.TOOL_INVOKED), null);
        assertThat(headers.lastHeader("ce_subject")).isNull();
        assertThat(headers.lastHeader("traceparent")).isNull();
    }

    @Test
    void unknownTypeNamesReadAsUnknownAndBadTraceparentsAreRefused() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", "plan.archived".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(CloudEventHeaders.type(headers)).contains(EventType.UNKNOWN);
        assertThat(CloudEventHeaders.type(new RecordHeaders())).isEmpty();
        assertThatThrownBy(() -> CloudEventHeaders.write(new RecordHeaders(), EventFixtures.fullEvent(), "not-a-trace"))
                .hasMessageContaining("not-a-trace");
    }
}
