package io.agentevents.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void theFirstDeliveryIsAttemptOneAndNoReplay() {
        Delivery delivery = Delivery.first("events.plan", 2, 41, NOW);

        assertThat(delivery).isEqualTo(new Delivery("events.plan", 2, 41, 1, false, NOW));
    }

    @Test
    void aBadFieldIsRefusedByName() {
        assertThatThrownBy(() -> new Delivery(null, 0, 0, 1, false, NOW)).hasMessage("topic");
        assertThatThrownBy(() -> new Delivery("events.plan", 0, 0, 1, false, null)).hasMessage("recordTime");
        assertThatThrownBy(() -> new Delivery("events.plan", -1, 0, 1, false, NOW)).hasMessage("partition must be at least 0, was -1");
        assertThatThrownBy(() -> new Delivery("events.plan", 0, -1, 1, false, NOW)).hasMessage("offset must be at least 0, was -1");
        assertThatThrownBy(() -> new Delivery("events.plan", 0, 0, 0, false, NOW))
                .hasMessage("attempt must be at least 1, was 0");
    }
}
