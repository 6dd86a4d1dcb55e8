package io.agentevents.producer.inprocess;

import io.agentevents.api.Subscription;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
             LoggingEventBus bus = LoggingEventBus.wrapping(inMemory)) {
            ExecutorService pool = Executors.newFixedThreadPool(emitters + 2);
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean emitting = new AtomicBoolean(true);
            List<Future<?>> emitterTasks = new ArrayList<>();
            for (int t = 0; t < emitters; t++) {
                int thread = t;
                emitterTasks.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perEmitter; i++) {
                        bus.emitAndWait(DomainEvent.builder(EventType.TOOL_INVOKED).source("t" + thread)
                                .correlationId("c" + thread).detail("i", i).build());
                    }
                    return null;
                }));
            }
            List<Future<?>> churners = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                churners.add(pool.submit(() -> {
                    go.await();
                    while (emitting.get()) {
                        bus.subscribe(EventType.TOOL_INVOKED, (event, delivery) -> { }).close();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> task : emitterTasks) {
                task.get(60, TimeUnit.SECONDS);
            }
            emitting.set(false);
            for (Future<?> task : churners) {
                task.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

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
