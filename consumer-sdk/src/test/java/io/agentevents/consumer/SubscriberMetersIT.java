package io.agentevents.consumer;

import io.agentevents.consumer.metrics.PrometheusEndpoint;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    @Test
    void anAgentServesItsSubscribersMetersInPrometheusTextWithOneCall(TestPlatform platform) throws Exception {
        try (EventTopics topics = EventTopics.provision(platform, "endpoint", 1);
             PrometheusEndpoint endpoint = PrometheusEndpoint.start("127.0.0.1", 0)) {
            List<DomainEvent> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(DomainEvent.builder(EventType.TOOL_SUCCEEDED).source("endpoint").build());
            }
            topics.writeAll(events);
            try (EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(topics, "endpoint"))
                    .on(EventType.TOOL_SUCCEEDED, (event, delivery) -> { })
                    .meterRegistry(endpoint.registry()).build().start()) {
                String group = subscriber.config().groupId();
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(60)).until(() -> scrape(http, endpoint.url()).body()
                        .contains("eventbus_subscriber_handled_total{group=\"" + group + "\"} 5"));
                HttpResponse<String> metrics = scrape(http, endpoint.url());
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type")).contains(PrometheusEndpoint.CONTENT_TYPE);
                assertThat(metrics.body()).contains("eventbus_subscriber_handler_seconds_bucket{group=\"" + group + "\"")
                        .containsPattern("(?m)^kafka_consumer_\\w+").contains("jvm_memory_used_bytes");
                assertThat(scrape(http, endpoint.url().replace("/metrics", "/other")).statusCode()).isEqualTo(404);
                // docs/observability.md lists every subscriber metric served
                String doc = Files.readString(Path.of("..", "docs", "observability.md"));
                Matcher name = Pattern.compile("(?m)^(eventbus_subscriber_[a-z_]+?)(_total|_bucket|_count|_sum|_max)?\\{")
                        .matcher(metrics.body());
                int names = 0;
                while (name.find()) {
                    names++;
                    assertThat(doc).as("docs/observability.md").contains("`" + name.group(1));
                }
                assertThat(names).isPositive();
            }
        }
    }

    private static HttpResponse<String> scrape(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
