package io.agentevents.producer.kafka;

import io.agentevents.local.internal.FreePorts;
import io.agentevents.local.testing.EmbeddedTestPlatform;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Emit when the broker or the registry is away: bounded failures, clear causes, nothing acknowledged lost. */
@Order(1) // the longest of this module's classes: started first
class KafkaEventBusFailureIT {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(4);

    @Test
    void withTheBrokerStoppedEmitsFailWithinTheDeliveryTimeoutAndNothingAcknowledgedIsLost() throws Exception {
        try (EmbeddedTestPlatform platform = EmbeddedTestPlatform.start()) {
            TopicLayout layout = TopicLayout.local(1);
            KafkaEventBusConfig config = KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                    .withDeliveryTimeout(DELIVERY_TIMEOUT);
            List<String> acknowledged = new ArrayList<>();
            try (KafkaEventBus bus = KafkaEventBus.start(config)) {
                for (int i = 0; i < 20; i++) {
                    acknowledged.add(bus.emitAndWait(event(i)).eventId());
                }

                platform.kafka().stopNode(1);
                // emit may block up to max.block.ms for metadata, then its future fails; either way each
                // emit is over within max block + delivery timeout of its call. The five are in flight
                // together, each from a thread of its own as an agent's workers would emit (a call that
                // blocks for metadata would otherwise hold up the next), so the outage costs one timeout.
                Duration bound = config.maxBlock().plus(DELIVERY_TIMEOUT).plusSeconds(5);
                List<CompletableFuture<EmitResult>> duringOutage = new ArrayList<>();
                List<CompletableFuture<Duration>> took = new CopyOnWriteArrayList<>();
                ExecutorService emitters = Executors.newFixedThreadPool(5);
                try {
                    List<Future<CompletableFuture<EmitResult>>> calls = new ArrayList<>();
                    for (int i = 20; i < 25; i++) {
                        DomainEvent event = event(i);
                        calls.add(emitters.submit(() -> {
                            long started = System.nanoTime();
                            CompletableFuture<EmitResult> future = bus.emit(event);
                            took.add(future.handle((result, failure) -> Duration.ofNanos(System.nanoTime() - started)));
                            return future;
                        }));
                    }
                    for (Future<CompletableFuture<EmitResult>> call : calls) {
                        duringOutage.add(call.get(bound.toMillis(), TimeUnit.MILLISECONDS));
                    }
                } finally {
                    emitters.shutdownNow();
                }
                List<Throwable> failures = new ArrayList<>();
                for (CompletableFuture<EmitResult> future : duringOutage) {
                    try {
                        acknowledged.add(future.get(bound.toMillis(), TimeUnit.MILLISECONDS).eventId());
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
                Duration slowest = took.stream().map(CompletableFuture::join).max(Duration::compareTo).orElseThrow();
                assertThat(failures).as("emits while the only broker is down").isNotEmpty()
                        .allSatisfy(failure -> assertThat(failure).isInstanceOfSatisfying(EmitException.class,
                                e -> assertThat(e.retriable()).as("a broker outage is retriable").isTrue())
                                .hasMessageContaining("not emitted to events.tool on Kafka " + platform.bootstrapServers()));
                assertThat(slowest).as("each emit ends within max block + delivery timeout").isLessThan(bound);
                System.out.println("broker down: " + failures.size() + " emits failed, slowest in " + slowest.toMillis()
                        + " ms; first cause: " + failures.get(0).getMessage());

                platform.kafka().startNode(1);
                acknowledged.add(bus.emitAndWait(event(99)).eventId());
            }
            Set<String> stored = new HashSet<>();
            TopicReader.readAll(platform.bootstrapServers(), List.of(layout.topic(Domain.TOOL)), acknowledged.size(),
                    Duration.ofSeconds(30)).forEach(record -> stored.add(
                    io.agentevents.schemas.headers.CloudEventHeaders.get(record.headers(), "ce_id").orElseThrow()));
            assertThat(stored).as("every acknowledged event is on the topic").containsAll(acknowledged);
        }
    }

    @Test
    void withTheRegistryUnreachableEmitsFailFastNamingIt() {
        String nowhere = "http://127.0.0.1:" + FreePorts.find();
        try (EmbeddedTestPlatform platform = EmbeddedTestPlatform.start()) {
            KafkaEventBusConfig config = KafkaEventBusConfig.local(platform.bootstrapServers(), nowhere)
                    .withProvision(false).withDeliveryTimeout(DELIVERY_TIMEOUT);
            try (KafkaEventBus bus = KafkaEventBus.start(config)) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> bus.emitAndWait(event(1)))
                        .isInstanceOfSatisfying(EmitException.class, e -> assertThat(e.retriable()).isTrue())
                        .hasMessageContaining(nowhere);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            }
            assertThatThrownBy(() -> KafkaEventBus.start(config.withProvision(true)))
                    .hasMessageContaining(nowhere);
        }
    }

    @Test
    void anUnreachableBrokerFailsStartWithinTheTimeoutNamingIt() {
        String nowhere = "127.0.0.1:" + FreePorts.find();
        KafkaEventBusConfig config = KafkaEventBusConfig.local(nowhere, "http://127.0.0.1:1")
                .withDeliveryTimeout(DELIVERY_TIMEOUT);
        long started = System.nanoTime();
        assertThatThrownBy(() -> KafkaEventBus.start(config)).hasMessageContaining(nowhere);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DELIVERY_TIMEOUT.plusSeconds(10));

        try (KafkaEventBus bus = KafkaEventBus.start(config.withProvision(false))) {
            assertThatThrownBy(() -> bus.emitAndWait(event(1)))
                    .isInstanceOfSatisfying(EmitException.class, e -> assertThat(e.retriable()).isTrue());
        }
    }

    private static DomainEvent event(int i) {
        return DomainEvent.builder(EventType.TOOL_INVOKED).source("failure-test").correlationId("c-" + (i % 3))
                .detail("i", i).build();
    }
}
