package io.agentevents.consumer;

import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSubscriberTest {

    @Test
    void aSubscriberWithoutListenersIsRefused() {
        assertThatThrownBy(() -> EventSubscriber.builder(SubscriberConfig.defaults("k:9092", "http://r", "g")).build())
                .hasMessageContaining("at least one listener");
        assertThatThrownBy(() -> EventSubscriber.builder(SubscriberConfig.defaults("k:9092", "http://r", "g"))
                .on(EventType.UNKNOWN, (event, delivery) -> { }))
                .hasMessageContaining("UNKNOWN");
    }

    @Test
    void aStartThatFailsOnABadSettingLeavesAClosedSubscriberThatClosesQuietly() {
        EventSubscriber subscriber = EventSubscriber.builder(SubscriberConfig.defaults("no-port-here", "http://127.0.0.1:1", "g"))
                .on(EventType.PLAN_CREATED, (event, delivery) -> { }).build();
        assertThatThrownBy(subscriber::start).hasMessageContaining("no-port-here");
        assertThat(subscriber.state()).isEqualTo(EventSubscriber.State.CLOSED);
        assertThat(subscriber.close(Duration.ofSeconds(1))).isTrue();
        assertThat(subscriber.closeNow()).isTrue();
        assertThatThrownBy(subscriber::start).hasMessageContaining("CLOSED");
    }

    @Test
    void badConfigurationsNameTheSetting() {
        SubscriberConfig config = SubscriberConfig.defaults("k:9092", "http://r", "g");
        assertThatThrownBy(() -> config.withMaxConcurrency(0)).hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> config.withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1))).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> config.withMaxBufferedRecords(0)).hasMessageContaining("maxBufferedRecords");
        assertThatThrownBy(() -> SubscriberConfig.defaults("k:9092", "http://r", " ")).hasMessageContaining("groupId");
        assertThat(config.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(config.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(config.backoff(40)).isEqualTo(Duration.ofSeconds(10));
    }
}
