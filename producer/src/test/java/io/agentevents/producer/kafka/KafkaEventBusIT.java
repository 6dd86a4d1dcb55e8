package io.agentevents.producer.kafka;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.StartingGate;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventCatalog;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** KafkaEventBus against the shared embedded broker and registry. */
@ExtendWith(SharedPlatformExtension.class)
class KafkaEventBusIT {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void tenThousandEventsOver200CorrelationIdsLandOnTheirTopicsInOrderWithEveryHeader(TestPlatform platform) {
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("bulk")).withPartitions(6);
        KafkaEventBusConfig config = KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withTopics(layout).withDeliveryTimeout(Duration.ofMinutes(2)); // generous: a loaded 2-core CI machine
        List<EventType> types = EventCatalog.knownTypes();
        Random random = new Random(42);
        List<String> correlations = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            correlations.add(DomainEvent.newId());
        }
        Map<String, Long> sequence = new HashMap<>();
        List<DomainEvent> emitted = new ArrayList<>();
        List<CompletableFuture<EmitResult>> futures = new ArrayList<>();
        try (KafkaEventBus bus = KafkaEventBus.start(config, () -> Optional.of(TRACEPARENT))) {
            for (int i = 0; i < 10_000; i++) {
                String correlation = correlations.get(random.nextInt(correlations.size()));
                long seq = sequence.merge(correlation, 1L, Long::sum);
                DomainEvent event = DomainEvent.builder(types.get(random.nextInt(types.size())))
                        .source("bulk-test").correlationId(correlation).planId("plan-" + (i % 50))
                        .detail("seq", seq).build();
                emitted.add(event);
                futures.add(bus.emit(event));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        }
        for (int i = 0; i < emitted.size(); i++) {
            EmitResult result = futures.get(i).join();
            assertThat(result.topic()).isEqualTo(layout.topic(emitted.get(i).domain()));
            assertThat(result.eventId()).isEqualTo(emitted.get(i).eventId());
        }

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(platform.bootstrapServers(),
                layout.domainTopics(), 10_000, Duration.ofSeconds(60));
        assertThat(records).hasSize(10_000);

        Map<String, DomainEvent> byId = new HashMap<>();
        emitted.forEach(event -> byId.put(event.eventId(), event));
        Map<String, Integer> partitionOfKey = new HashMap<>();
        Map<String, Long> lastSeqPerTopicAndKey = new HashMap<>();
        try (DomainEventDeserializer deserializer = new DomainEventDeserializer()) {
            deserializer.configure(Map.of("schema.registry.url", platform.schemaRegistryUrl()), false);
            for (ConsumerRecord<String, byte[]> record : records) {
                DomainEvent event = deserializer.deserialize(record.topic(), record.headers(), record.value());
                assertThat(event).isEqualTo(byId.get(event.eventId()));
                assertThat(record.topic()).isEqualTo(layout.topic(event.domain()));
                assertThat(record.key()).isEqualTo(event.correlationId());
                assertThat(partitionOfKey.merge(record.key(), record.partition(), (a, b) -> a))
                        .as("all events of correlation id %s on one partition", record.key()).isEqualTo(record.partition());
                long seq = (Long) event.details().get("seq");
                Long previous = lastSeqPerTopicAndKey.put(record.topic() + "/" + record.key(), seq);
                assertThat(previous == null || previous < seq)
                        .as("emit order of %s in %s: %s then %s", record.key(), record.topic(), previous, seq).isTrue();
                assertHeaders(record, event);
            }
        }
    }

    @Test
    void manyThreadsEmittingAtOnceLoseNothingAndThrowNothing(TestPlatform platform) throws Exception {
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("threads"));
        int threads = 8;
        int perThread = 500;
        List<CompletableFuture<EmitResult>> futures = emitFromThreads(platform, layout, threads, perThread,
                (thread, i) -> DomainEvent.builder(EventType.TOOL_INVOKED).source("thread-" + thread)
                        .correlationId("thread-" + thread).detail("i", i).build());
        assertThat(futures).hasSize(threads * perThread).allMatch(future -> !future.isCompletedExceptionally());
        assertThat(TopicReader.readAll(platform.bootstrapServers(), List.of(layout.topic(Domain.TOOL)),
                threads * perThread, Duration.ofSeconds(60))).hasSize(threads * perThread);
    }

    @Test
    @org.junit.jupiter.api.Timeout(180)
    void threadsEmittingWithSourcesOfTheirOwnEachGetTheirOwnSourceAndTimeHeaders(TestPlatform platform) throws Exception {
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("sources"));
        int threads = 4;
        int perThread = 300;
        java.time.Instant base = java.time.Instant.parse("2026-02-28T23:59:58.999990Z");
        // sources alternate between threads, times cross a day and a month at varying precision
        emitFromThreads(platform, layout, threads, perThread,
                (thread, i) -> DomainEvent.builder(EventType.SANDBOX_CREATED).source("/agents/runner-" + thread)
                        .timestamp(base.plusNanos(1_000L * (i * 7L + thread))).build());
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(platform.bootstrapServers(),
                List.of(layout.topic(Domain.SANDBOX)), threads * perThread, Duration.ofSeconds(60));
        assertThat(records).hasSize(threads * perThread);
        try (DomainEventDeserializer deserializer = new DomainEventDeserializer()) {
            deserializer.configure(Map.of("schema.registry.url", platform.schemaRegistryUrl()), false);
            for (ConsumerRecord<String, byte[]> record : records) {
                DomainEvent event = deserializer.deserialize(record.topic(), record.headers(), record.value());
                assertThat(CloudEventHeaders.get(record.headers(), CloudEventHeaders.SOURCE)).contains(event.source());
                assertThat(CloudEventHeaders.get(record.headers(), CloudEventHeaders.TIME))
                        .contains(event.timestamp().toString());
                assertThat(CloudEventHeaders.get(record.headers(), CloudEventHeaders.TYPE)).contains("sandbox.created");
            }
        }
    }

    @Test
    void anUnknownEventIsRefusedBeforeAnythingIsSent(TestPlatform platform) {
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("refused"));
        try (KafkaEventBus bus = KafkaEventBus.start(
                KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl()).withTopics(layout))) {
            DomainEvent unknown = DomainEvent.builder(EventType.UNKNOWN).source("test").build();
            CompletableFuture<EmitResult> future = bus.emit(unknown);
            assertThat(future).isCompletedExceptionally();
            assertThat(future.handle((ok, failure) -> failure).join())
                    .isInstanceOfSatisfying(EmitException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("UNKNOWN");
            bus.close(); // closing twice (again at the end of try) is allowed
            assertThat(bus.emit(DomainEvent.builder(EventType.PLAN_CREATED).source("t").build()).handle((ok, f) -> f).join())
                    .hasMessageContaining("closed");
        }
        List<String> all = new ArrayList<>(layout.domainTopics());
        assertThat(TopicReader.readAll(platform.bootstrapServers(), all, 0, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void provisioningCreatesTopicsAndGovernsSubjects(TestPlatform platform) throws Exception {
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("provisioned"));
        KafkaEventBusConfig config = KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withTopics(layout).withAutoRegisterSchemas(false);
        try (KafkaEventBus bus = KafkaEventBus.start(config);
             var registry = new io.agentevents.schemas.registry.HttpSchemaRegistryClient(config.connection().registry());
             var admin = org.apache.kafka.clients.admin.Admin.create(config.adminProperties())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .containsAll(layout.domainTopics()).containsAll(layout.deadLetterTopics());
            assertThat(registry.subjectCompatibility(layout.valueSubject(Domain.PLAN)))
                    .isEqualTo(io.agentevents.schemas.registry.CompatibilityLevel.FULL_TRANSITIVE);
            // every subject holds the contract as a non-Java client registers it: the .avsc file's text
            org.apache.avro.Schema plainAvsc = new org.apache.avro.Schema.Parser().parse(
                    java.nio.file.Files.readString(java.nio.file.Path.of("..", "schemas", "src", "main", "avro", "DomainEvent.avsc")));
            int contractId = registry.lookup(layout.valueSubject(Domain.PLAN), plainAvsc).id();
            for (Domain domain : Domain.values()) {
                var latest = registry.latest(layout.valueSubject(domain));
                assertThat(latest.id()).as(domain.name()).isEqualTo(contractId);
                assertThat(latest.schema().toString()).as(domain.name()).doesNotContain("avro.java.string");
            }
            // auto-registration is off, yet emit works: provisioning registered the schema
            EmitResult landed = bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("t").build());
            assertThat(landed.topic()).isEqualTo(layout.topic(Domain.PLAN));
            assertThat(landed.offset()).isZero();
            byte[] value = TopicReader.readAll(platform.bootstrapServers(), List.of(landed.topic()), 1, Duration.ofSeconds(30))
                    .get(0).value();
            assertThat(java.nio.ByteBuffer.wrap(value, 1, 4).getInt()).as("the id on the wire").isEqualTo(contractId);
        }
    }

    private static void assertHeaders(ConsumerRecord<String, byte[]> record, DomainEvent event) {
        var headers = record.headers();
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.SPEC_VERSION)).contains("1.0");
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.ID)).contains(event.eventId());
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.TYPE)).contains(event.type().wireName());
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.SOURCE)).contains(event.source());
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.TIME)).contains(event.timestamp().toString());
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.SUBJECT)).contains(event.planId());
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.PARTITION_KEY)).contains(event.correlationId());
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.CONTENT_TYPE)).contains("application/avro");
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.TRACEPARENT)).contains(TRACEPARENT);
    }

    /**
     * Emits {@code perThread} events from each of {@code threads} threads started at once, on a bus of
     * {@code layout}, and returns the emits once every one completed.
     */
    private static List<CompletableFuture<EmitResult>> emitFromThreads(TestPlatform platform, TopicLayout layout,
            int threads, int perThread, BiFunction<Integer, Integer, DomainEvent> event) throws Exception {
        List<CompletableFuture<EmitResult>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (KafkaEventBus bus = KafkaEventBus.start(
                KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl()).withTopics(layout));
             StartingGate gate = new StartingGate()) {
            List<Future<?>> workers = gate.submit(threads, thread -> {
                for (int i = 0; i < perThread; i++) {
                    futures.add(bus.emit(event.apply(thread, i)));
                }
            });
            gate.open();
            StartingGate.awaitAll(workers, Duration.ofSeconds(60));
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        return futures;
    }
}
