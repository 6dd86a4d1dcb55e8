package io.agentevents.schemas.headers;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.EventFixtures;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    @Test
    void theTraceIdIsReadFromTheLastValidTraceparent() {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String traceparent = "00-" + trace + "-00f067aa0ba902b7-01";
        assertThat(CloudEventHeaders.traceId(traced(traceparent))).contains(trace);
        assertThat(CloudEventHeaders.traceId(new RecordHeaders())).isEmpty();
        assertThat(CloudEventHeaders.traceId(traced("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")))
                .as("the all-zero trace id is none").isEmpty();
        assertThat(CloudEventHeaders.traceId(traced(traceparent.toUpperCase()))).isEmpty();
        assertThat(CloudEventHeaders.traceId(traced("not-a-trace"))).isEmpty();
        RecordHeaders twice = traced("00-" + "1".repeat(32) + "-00f067aa0ba902b7-01");
        twice.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        assertThat(CloudEventHeaders.traceId(twice)).as("the last header counts").contains(trace);
        RecordHeaders nullValue = new RecordHeaders();
        nullValue.add("traceparent", null);
        assertThat(CloudEventHeaders.traceId(nullValue)).isEmpty();

        String later = traceparent + "-what-a-later-version-adds";
        assertThat(CloudEventHeaders.traceId(traced(later))).as("a later version's fields").contains(trace);
        assertThat(CloudEventHeaders.traceId(traced(traceparent + "\n"))).isEmpty();
        assertThat(CloudEventHeaders.traceId(traced(traceparent + "x".repeat(256 - 55)))).contains(trace);
        assertThat(CloudEventHeaders.traceId(traced(traceparent + "x".repeat(257 - 55)))).as("over 256 bytes").isEmpty();
    }

    @Test
    void theTraceIdAgreesWithTheW3cPatternOfTheAuditTrail() {
        Pattern w3c = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}.*");
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        List<String> samples = new ArrayList<>(List.of(traceparent, "", "00", traceparent.substring(1),
                traceparent + "-01\r", traceparent + "\u00e9", traceparent + "\u2028"));
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "0123456789abcdef-gA\n\u00e9";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sample = new StringBuilder(random.nextBoolean() ? traceparent : traceparent.replaceAll("[1-9a-f]", "0"));
            sample.setCharAt(random.nextInt(sample.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            for (int extra = random.nextInt(4); extra > 0; extra--) {
                sample.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(sample.toString());
        }
        for (String sample : samples) {
            byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
            Matcher match = w3c.matcher(new String(bytes, StandardCharsets.US_ASCII));
            Optional<String> expected = match.matches() && !match.group(1).equals("0".repeat(32))
                    ? Optional.of(match.group(1)) : Optional.empty();
            assertThat(CloudEventHeaders.traceId(traced(sample))).as(sample).isEqualTo(expected);
        }
    }

    private static RecordHeaders traced(String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
