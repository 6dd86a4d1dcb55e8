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
        EventSubscriber subscriber = EventSubscriber.builder(SubscriberConfig.builder("127.0.0.1:1", "http://127.0.0.1:1", "g")
                        .kafkaSecurity(java.util.Map.of("security.protocol", "NO_SUCH_PROTOCOL")).build())
                .on(EventType.PLAN_CREATED, (event, delivery) -> { }).build();
        assertThatThrownBy(subscriber::start).hasMessageContaining("NO_SUCH_PROTOCOL");
        assertThat(subscriber.state()).isEqualTo(EventSubscriber.State.CLOSED);
        assertThat(subscriber.close(Duration.ofSeconds(1))).isTrue();
        assertThat(subscriber.closeNow()).isTrue();
        assertThatThrownBy(subscriber::start).hasMessageContaining("CLOSED");
    }

    @Test
    void badConfigurationsNameTheSetting() {
        SubscriberConfig config = SubscriberConfig.defaults("k:9092", "http://r", "g");
        assertThatThrownBy(() -> config.toBuilder().maxConcurrency(0).build()).hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> config.toBuilder().retries(0, Duration.ofMillis(1), Duration.ofMillis(1)).build()).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> config.toBuilder().maxBufferedRecords(0).build()).hasMessageContaining("maxBufferedRecords");
        assertThatThrownBy(() -> SubscriberConfig.defaults("k:9092", "http://r", " ")).hasMessageContaining("groupId");
        assertThatThrownBy(() -> SubscriberConfig.defaults("no-port-here", "http://r", "g"))
                .hasMessageContaining("bootstrapServers").hasMessageContaining("no-port-here");
        assertThat(config.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(config.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(config.backoff(40)).isEqualTo(Duration.ofSeconds(10));
    }
}
