package io.agentevents.consumer.internal;

import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderRouterTest {

    private static final Routing.NamedListener NOOP = new Routing.NamedListener("noop", (event, delivery) -> { });

    @Test
    void decidesAsTheTypeHeaderAndTheRoutingDoForEveryTypeAndAnyOtherName() {
        Routing routing = new Routing(Map.of(EventType.PLAN_FAILED, List.of(NOOP)), Map.of(Domain.TOOL, List.of(NOOP)),
                List.of());
        List<String> names = new ArrayList<>();
        for (EventType type : EventType.values()) {
            names.add(type.wireName());
        }
        names.addAll(List.of("plan.archived", "PLAN.FAILED", "plan.failed ", "", "tool", "tool.invoked.x", "\u00e9t\u00e9"));
        for (boolean strict : new boolean[] {false, true}) {
            HeaderRouter router = new HeaderRouter(routing, strict);
            for (String name : names) {
                Headers headers = headers(CloudEventHeaders.TYPE, name.getBytes(StandardCharsets.UTF_8));
                assertThat(router.needsHandling(headers)).as("%s (strict %s)", name, strict)
                        .isEqualTo(reference(routing, strict, headers));
            }
            assertThat(router.needsHandling(headers(CloudEventHeaders.TYPE, new byte[] {(byte) 0xff, 'x'})))
                    .as("not UTF-8: an unknown type").isEqualTo(strict);
            assertThat(router.needsHandling(new RecordHeaders())).as("no header: decide after decoding").isTrue();
            assertThat(router.needsHandling(headers(CloudEventHeaders.TYPE, null))).isTrue();
        }
    }

    @Test
    void theLastTypeHeaderCountsAndOnlyTrueMeansReplayed() {
        HeaderRouter router = new HeaderRouter(new Routing(Map.of(EventType.PLAN_FAILED, List.of(NOOP)), Map.of(),
                List.of()), false);
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, "plan.failed".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, "plan.created".getBytes(StandardCharsets.UTF_8));
        assertThat(router.needsHandling(headers)).isFalse();

        assertThat(router.isReplayed(headers(DeadLetterHeaders.REPLAYED, "true".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(router.isReplayed(headers(DeadLetterHeaders.REPLAYED, "false".getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(router.isReplayed(headers(DeadLetterHeaders.REPLAYED, null))).isFalse();
        assertThat(router.isReplayed(new RecordHeaders())).isFalse();
    }

    /** The decision as the poll loop made it before: decode the header, look the name up, ask the routing. */
    private static boolean reference(Routing routing, boolean strict, Headers headers) {
        Optional<EventType> type = CloudEventHeaders.type(headers);
        if (type.isEmpty()) {
            return true;
        }
        return type.get().isKnown() ? routing.wants(type.get()) : strict;
    }

    private static Headers headers(String name, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(name, value);
        return headers;
    }
}
