package io.agentevents.schemas.headers;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.EventFixtures;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-emitter writer writes what the static write writes, reusing the last source's bytes. */
class CloudEventHeaderWriterTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void writesTheSameHeadersAsTheStaticWrite() {
        CloudEventHeaderWriter writer = new CloudEventHeaderWriter();
        for (DomainEvent event : List.of(EventFixtures.fullEvent(), EventFixtures.minimalEvent(EventType.TOOL_INVOKED),
                EventFixtures.fullEvent())) {
            RecordHeaders expected = new RecordHeaders();
            CloudEventHeaders.write(expected, event, TRACEPARENT);
            RecordHeaders written = new RecordHeaders();
            writer.write(written, event, TRACEPARENT);
            assertThat(texts(written)).isEqualTo(texts(expected));
        }
    }

    @Test
    void theSourceIsEncodedOnceWhileItStaysTheSame() {
        CloudEventHeaderWriter writer = new CloudEventHeaderWriter();
        DomainEvent first = EventFixtures.fullEvent();
        DomainEvent second = DomainEvent.builder(EventType.PLAN_STARTED).source(first.source()).build();
        DomainEvent other = DomainEvent.builder(EventType.PLAN_STARTED).source("/agents/reviewer-2").build();

        byte[] one = sourceOf(writer, first);
        assertThat(sourceOf(writer, second)).isSameAs(one);
        assertThat(new String(sourceOf(writer, other), StandardCharsets.UTF_8)).isEqualTo("/agents/reviewer-2");
        assertThat(new String(sourceOf(writer, first), StandardCharsets.UTF_8)).isEqualTo(first.source());
    }

    @Test
    void aRefusedTraceparentAddsNoHeader() {
        RecordHeaders headers = new RecordHeaders();
        assertThatThrownBy(() -> new CloudEventHeaderWriter().write(headers, EventFixtures.fullEvent(), "00-zz"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("00-zz");
        assertThat(headers.toArray()).isEmpty();
    }

    @Test
    void theTraceparentCheckAgreesWithTheW3cPattern() {
        Pattern w3c = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
        List<String> samples = new ArrayList<>(List.of(TRACEPARENT, "", "00", TRACEPARENT.toUpperCase(),
                TRACEPARENT + "0", TRACEPARENT.substring(1), TRACEPARENT.replace('-', '_'),
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g"));
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "0123456789abcdef-gA";
        for (int i = 0; i < 5_000; i++) {
            char[] chars = TRACEPARENT.toCharArray();
            chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            samples.add(new String(chars));
        }
        for (String sample : samples) {
            assertThat(CloudEventHeaders.isTraceparent(sample)).as(sample).isEqualTo(w3c.matcher(sample).matches());
        }
        assertThat(CloudEventHeaders.isTraceparent(null)).isFalse();
    }

    private static byte[] sourceOf(CloudEventHeaderWriter writer, DomainEvent event) {
        RecordHeaders headers = new RecordHeaders();
        writer.write(headers, event, null);
        return headers.lastHeader(CloudEventHeaders.SOURCE).value();
    }

    private static List<String> texts(RecordHeaders headers) {
        List<String> texts = new ArrayList<>();
        for (Header header : headers) {
            texts.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        return texts;
    }
}
