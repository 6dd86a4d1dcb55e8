package io.agentevents.consumer;

import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace for an agent chain, on the shared embedded broker: an emit, a subscriber that handles it
 * and emits in reaction, a second subscriber that handles that: PRODUCER -> CONSUMER -> PRODUCER ->
 * CONSUMER spans of one trace, linked by the records' {@code traceparent}.
 */
@ExtendWith(SharedPlatformExtension.class)
class TracingIT {

    @Test
    void emitHandleEmitHandleIsOneTraceAcrossTwoSubscribers(TestPlatform platform) throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk telemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
             EventTopics topics = EventTopics.provision(platform, "tracing", 2);
             KafkaEventBus bus = KafkaEventBus.builder(KafkaEventBusConfig.local(platform.bootstrapServers(),
                     platform.schemaRegistryUrl()).withTopics(topics.layout())).openTelemetry(telemetry).start()) {
            DomainEvent invoked = DomainEvent.builder(EventType.TOOL_INVOKED).source("planner").planId("traced-plan").build();
            CountDownLatch reviewed = new CountDownLatch(1);
            try (EventSubscriber runner = EventSubscriber.builder(TestSubscribers.config(topics, "runners"))
                         .openTelemetry(telemetry)
                         .on(EventType.TOOL_INVOKED, (event, delivery) -> bus.emitAndWait(DomainEvent.builder(EventType.TOOL_SUCCEEDED)
                                 .source("tool-runner").planId(event.planId()).correlationId(event.correlationId())
                                 .causationId(event.eventId()).build()))
                         .build().start();
                 EventSubscriber reviewer = EventSubscriber.builder(TestSubscribers.config(topics, "reviewers"))
                         .openTelemetry(telemetry)
                         .on(EventType.TOOL_SUCCEEDED, (event, delivery) -> reviewed.countDown())
                         .build().start()) {
                bus.emitAndWait(invoked);
                assertThat(reviewed.await(60, TimeUnit.SECONDS)).as("the reaction reached the second subscriber").isTrue();
            }
            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData emitInvoked = only(finished, SpanKind.PRODUCER, "tool.invoked");
            SpanData runnerHandles = only(finished, SpanKind.CONSUMER, "tool.invoked");
            SpanData emitSucceeded = only(finished, SpanKind.PRODUCER, "tool.succeeded");
            SpanData reviewerHandles = only(finished, SpanKind.CONSUMER, "tool.succeeded");
            String trace = emitInvoked.getTraceId();
            assertThat(List.of(runnerHandles, emitSucceeded, reviewerHandles)).extracting(SpanData::getTraceId)
                    .as("one trace").containsOnly(trace);
            assertThat(emitInvoked.getParentSpanContext().isValid()).as("the first emit starts the trace").isFalse();
            assertThat(runnerHandles.getParentSpanId()).isEqualTo(emitInvoked.getSpanId());
            assertThat(emitSucceeded.getParentSpanId()).as("emitted inside the handler").isEqualTo(runnerHandles.getSpanId());
            assertThat(reviewerHandles.getParentSpanId()).isEqualTo(emitSucceeded.getSpanId());
            // OpenTelemetry's messaging conventions, and the event's own ids
            String topic = topics.layout().topic(invoked.domain());
            assertThat(emitInvoked.getName()).isEqualTo(topic + " send");
            assertThat(emitInvoked.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("kafka");
            assertThat(emitInvoked.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo(topic);
            assertThat(emitInvoked.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))).isEqualTo(invoked.eventId());
            assertThat(emitInvoked.getAttributes().get(AttributeKey.stringKey("messaging.kafka.message.key")))
                    .isEqualTo(invoked.correlationId());
            assertThat(emitInvoked.getAttributes().get(AttributeKey.stringKey("eventbus.plan.id"))).isEqualTo("traced-plan");
            assertThat(runnerHandles.getName()).isEqualTo(topic + " process");
            assertThat(runnerHandles.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")))
                    .startsWith("runners");
            assertThat(runnerHandles.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))).isEqualTo(invoked.eventId());
            // the records carry it: each one's traceparent names the trace and its PRODUCER span
            List<ConsumerRecord<String, byte[]>> records = topics.readAll(topic, 2);
            assertThat(records).extracting(TracingIT::traceparent).containsExactlyInAnyOrder(
                    "00-" + trace + "-" + emitInvoked.getSpanId() + "-" + emitInvoked.getSpanContext().getTraceFlags().asHex(),
                    "00-" + trace + "-" + emitSucceeded.getSpanId() + "-" + emitSucceeded.getSpanContext().getTraceFlags().asHex());
        }
    }

    @Test
    void withoutAnSdkTheTraceIdStillTravelsFromAHandledEventToTheEventsItsHandlerEmits(TestPlatform platform) throws Exception {
        String upstream = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"; // e.g. set by an agent in another language
        try (EventTopics topics = EventTopics.provision(platform, "untraced", 1);
             KafkaEventBus bus = KafkaEventBus.builder(KafkaEventBusConfig.local(platform.bootstrapServers(),
                     platform.schemaRegistryUrl()).withTopics(topics.layout())).openTelemetry(OpenTelemetry.noop()).start()) {
            DomainEvent invoked = DomainEvent.builder(EventType.TOOL_INVOKED).source("python-planner").build();
            var record = topics.record(invoked);
            record.headers().add(CloudEventHeaders.TRACEPARENT, upstream.getBytes(StandardCharsets.UTF_8));
            topics.send(record);
            CountDownLatch emitted = new CountDownLatch(1);
            try (EventSubscriber runner = EventSubscriber.builder(TestSubscribers.config(topics, "untraced-runners"))
                    .openTelemetry(OpenTelemetry.noop())
                    .on(EventType.TOOL_INVOKED, (event, delivery) -> {
                        bus.emitAndWait(DomainEvent.builder(EventType.TOOL_SUCCEEDED).source("tool-runner")
                                .correlationId(event.correlationId()).causationId(event.eventId()).build());
                        emitted.countDown();
                    })
                    .build().start()) {
                assertThat(emitted.await(60, TimeUnit.SECONDS)).isTrue();
            }
            List<ConsumerRecord<String, byte[]>> records = topics.readAll(topics.layout().topic(invoked.domain()), 2);
            assertThat(records).extracting(TracingIT::traceparent).as("the reaction carries the handled event's trace")
                    .containsExactly(upstream, upstream);
        }
    }

    private static SpanData only(List<SpanData> spans, SpanKind kind, String eventType) {
        List<SpanData> matching = spans.stream().filter(span -> span.getKind() == kind)
                .filter(span -> eventType.equals(span.getAttributes().get(AttributeKey.stringKey("eventbus.event.type"))))
                .toList();
        assertThat(matching).as("%s spans of %s among %s", kind, eventType, spans).hasSize(1);
        return matching.get(0);
    }

    private static String traceparent(ConsumerRecord<String, byte[]> record) {
        return Optional.ofNullable(record.headers().lastHeader(CloudEventHeaders.TRACEPARENT))
                .map(header -> new String(header.value(), StandardCharsets.UTF_8)).orElse(null);
    }
}
