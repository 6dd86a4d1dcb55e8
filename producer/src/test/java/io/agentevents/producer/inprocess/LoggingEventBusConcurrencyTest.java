package io.agentevents.producer.inprocess;

import io.agentevents.api.Subscription;
import io.agentevents.producer.StartingGate;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The logging bus in front of the in-memory bus, under many emitting and subscribing threads at once. */
class LoggingEventBusConcurrencyTest {

    @Test
    void manyThreadsEmittingAndSubscribingLoseNoLineAndNoEvent() throws Exception {
        int emitters = 8;
        int perEmitter = 1_000;
        InMemoryEventBus inMemory = new InMemoryEventBus();
        AtomicInteger received = new AtomicInteger();
        Subscription steady = inMemory.subscribe(EventType.TOOL_INVOKED, (event, delivery) -> received.incrementAndGet());
        try (CapturedLog log = CapturedLog.capture("io.agentevents.audit", Level.INFO);
             LoggingEventBus bus = LoggingEventBus.wrapping(inMemory);
             StartingGate gate = new StartingGate()) {
            AtomicBoolean emitting = new AtomicBoolean(true);
            List<Future<?>> emitterTasks = gate.submit(emitters, thread -> {
                for (int i = 0; i < perEmitter; i++) {
                    bus.emitAndWait(DomainEvent.builder(EventType.TOOL_INVOKED).source("t" + thread)
                            .correlationId("c" + thread).detail("i", i).build());
                }
            });
            List<Future<?>> churners = gate.submit(2, churner -> {
                while (emitting.get()) {
                    bus.subscribe(EventType.TOOL_INVOKED, (event, delivery) -> { }).close();
                }
            });
            gate.open();
            StartingGate.awaitAll(emitterTasks, Duration.ofSeconds(60));
            emitting.set(false);
            StartingGate.awaitAll(churners, Duration.ofSeconds(60));

            int total = emitters * perEmitter;
            assertThat(inMemory.emitted()).hasSize(total);
            assertThat(received).hasValue(total);
            assertThat(log.messages()).hasSize(total).allMatch(line -> line.contains("type=tool.invoked"));
            assertThat(inMemory.failures()).isEmpty();
        } finally {
            steady.close();
        }
    }
}
