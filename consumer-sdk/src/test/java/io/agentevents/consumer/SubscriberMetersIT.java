package io.agentevents.consumer;

import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A subscriber's meters in the application's Micrometer registry, on the shared embedded broker. */
@ExtendWith(SharedPlatformExtension.class)
class SubscriberMetersIT {

    @Test
    void theRegistryCountsWhatTheSubscriberDidAndLosesItsMetersOnClose(TestPlatform platform) {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (EventTopics topics = EventTopics.provision(platform, "meters", 2)) {
            List<DomainEvent> events = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                events.add(DomainEvent.builder(EventType.TOOL_SUCCEEDED).source("meters").correlationId("c" + i % 5).build());
            }
            for (int i = 0; i < 10; i++) { // of a type nobody listens to: skipped without a handler
                events.add(DomainEvent.builder(EventType.TOOL_INVOKED).source("meters").correlationId("c" + i % 5).build());
            }
            for (int i = 0; i < 2; i++) { // always failing: two attempts each, then a dead letter
                events.add(DomainEvent.builder(EventType.TOOL_FAILED).source("meters").correlationId("bad-" + i).build());
            }
            topics.writeAll(events);
            EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(topics, "meters").toBuilder()
                            .retries(2, Duration.ofMillis(10), Duration.ofMillis(10)).build())
                    .on(EventType.TOOL_SUCCEEDED, (event, delivery) -> { })
                    .on(EventType.TOOL_FAILED, (event, delivery) -> {
                        throw new IllegalStateException("poison");
                    })
                    .meterRegistry(registry)
                    .build();
            String group = subscriber.config().groupId();
            assertThat(subscriberMeters(registry)).as("the handler histogram only, before start").hasSize(1);
            try (subscriber) {
                subscriber.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> count(registry, group, "handled") == 30
                        && count(registry, group, "dead.lettered") == 2);
                assertThat(count(registry, group, "consumed")).isEqualTo(42);
                assertThat(count(registry, group, "skipped")).isEqualTo(10);
                assertThat(count(registry, group, "failed.attempts")).isEqualTo(4);
                assertThat(registry.get("eventbus.subscriber.handler").tag("group", group).timer().count()).isEqualTo(30);
                assertThat(registry.get("eventbus.subscriber.in.flight").tag("group", group).gauge().value()).isZero();
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        registry.get("eventbus.subscriber.lag").tag("group", group).gauge().value() == 0);
                // the Kafka consumer's own client metrics, under Micrometer's kafka.consumer.* names
                assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                        .anyMatch(name -> name.startsWith("kafka.consumer."));
                // the same figures as the subscriber's own snapshot
                assertThat(subscriber.metrics().handled()).isEqualTo(30);
            }
            assertThat(subscriberMeters(registry)).as("every subscriber meter removed on close").isEmpty();
            assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                    .noneMatch(name -> name.startsWith("kafka.consumer."));
        }
    }

    private static double count(MeterRegistry registry, String group, String name) {
        return registry.get("eventbus.subscriber." + name).tag("group", group).functionCounter().count();
    }

    private static List<Meter> subscriberMeters(MeterRegistry registry) {
        return registry.getMeters().stream().filter(meter -> meter.getId().getName().startsWith("eventbus.subscriber.")).toList();
    }
}
