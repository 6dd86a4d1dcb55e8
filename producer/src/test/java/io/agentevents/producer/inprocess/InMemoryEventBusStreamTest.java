package io.agentevents.producer.inprocess;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.agentevents.schemas.testing.EventFixtures.minimalEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InMemoryEventBusStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void deliversEveryEventEmittedAfterSubscriptionInOrderOnAStreamThread() {
        try (InMemoryEventBus bus = new InMemoryEventBus()) {
            bus.emitAndWait(minimalEvent(EventType.PLAN_CREATED)); // before subscribing: not delivered
            RecordingSubscriber subscriber = new RecordingSubscriber(Long.MAX_VALUE);
            bus.stream().subscribe(subscriber);
            List<DomainEvent> emitted = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                DomainEvent event = minimalEvent(i % 2 == 0 ? EventType.TOOL_INVOKED : EventType.TOOL_SUCCEEDED);
                emitted.add(event);
                bus.emitAndWait(event);
            }

            await().atMost(WAIT).until(() -> subscriber.received.size() == 50);
            assertThat(subscriber.received).containsExactlyElementsOf(emitted);
            assertThat(subscriber.threads).doesNotContain(Thread.currentThread().getName());
            assertThat(subscriber.completed).isFalse();
        }
    }

    @Test
    void deliversNoMoreThanRequestedAndBuffersTheRest() {
        InMemoryEventBusConfig config = InMemoryEventBusConfig.defaults().withStreamBufferCapacity(16);
        InMemoryEventBus bus = new InMemoryEventBus(config);
        RecordingSubscriber subscriber = new RecordingSubscriber(0);
        bus.stream().subscribe(subscriber);
        await().atMost(WAIT).until(() -> subscriber.subscription.get() != null);
        for (int i = 0; i < 10; i++) {
            bus.emitAndWait(minimalEvent(EventType.CONTEXT_UPDATED)); // fits in the buffer: no wait
        }
        assertThat(subscriber.received).isEmpty();

        subscriber.request(3);
        await().atMost(WAIT).until(() -> subscriber.received.size() == 3);
        subscriber.request(7);
        await().atMost(WAIT).until(() -> subscriber.received.size() == 10);
        bus.close();
        await().atMost(WAIT).untilTrue(subscriber.completed);

        assertThat(subscriber.overRequested).isFalse();
        assertThat(subscriber.received).containsExactlyElementsOf(bus.emitted());
    }

    @Test
    void closeCompletesEachSubscriberAfterTheEventsInItsBuffer() {
        InMemoryEventBus bus = new InMemoryEventBus();
        RecordingSubscriber subscriber = new RecordingSubscriber(0);
        bus.stream().subscribe(subscriber);
        bus.emitAndWait(minimalEvent(EventType.SESSION_STARTED));
        bus.emitAndWait(minimalEvent(EventType.SESSION_ENDED));

        bus.close();
        await().atMost(WAIT).until(() -> subscriber.subscription.get() != null);
        assertThat(subscriber.completed).isFalse();
        subscriber.request(2);

        await().atMost(WAIT).untilTrue(subscriber.completed);
        assertThat(subscriber.received).containsExactlyElementsOf(bus.emitted());
        assertThat(subscriber.error).hasValue(null);
    }

    @Test
    void aSubscriberArrivingAfterCloseIsCompletedAtOnce() {
        InMemoryEventBus bus = new InMemoryEventBus();
        bus.close();
        RecordingSubscriber subscriber = new RecordingSubscriber(Long.MAX_VALUE);

        bus.stream().subscribe(subscriber);

        await().atMost(WAIT).untilTrue(subscriber.completed);
        assertThat(subscriber.received).isEmpty();
    }

    @Test
    void aSubscriberWhoseBufferStaysFullIsDroppedWithAnErrorAndEmitGoesOn() {
        InMemoryEventBusConfig config = InMemoryEventBusConfig.defaults()
                .withStreamBufferCapacity(4)
                .withSlowSubscriberTimeout(Duration.ofSeconds(1));
        try (InMemoryEventBus bus = new InMemoryEventBus(config)) {
            RecordingSubscriber stalled = new RecordingSubscriber(0); // never requests
            RecordingSubscriber fast = new RecordingSubscriber(Long.MAX_VALUE);
            bus.stream().subscribe(stalled);
            bus.stream().subscribe(fast);

            for (int i = 0; i < 20; i++) {
                assertThat(bus.emit(minimalEvent(EventType.BUDGET_CONSUMED))).isCompleted().isNotCompletedExceptionally();
            }

            await().atMost(WAIT).until(() -> stalled.error.get() != null);
            assertThat(stalled.error.get()).isInstanceOf(SlowSubscriberException.class)
                    .hasMessageContaining("stayed full for 1000 ms");
            assertThat(((SlowSubscriberException) stalled.error.get()).retriable()).isFalse();
            await().atMost(WAIT).until(() -> fast.received.size() == 20);
            assertThat(fast.error).hasValue(null);

            // the dropped subscriber costs no more waiting: later emits are immediate
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                bus.emitAndWait(minimalEvent(EventType.BUDGET_CONSUMED));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
            await().atMost(WAIT).until(() -> fast.received.size() == 70);
            assertThat(stalled.received).isEmpty();
            assertThat(stalled.completed).isFalse();
        }
    }

    @Test
    void aSubscriberStuckInOnNextGetsItsErrorOnlyAfterOnNextReturns() throws Exception {
        InMemoryEventBusConfig config = InMemoryEventBusConfig.defaults()
                .withStreamBufferCapacity(2)
                .withSlowSubscriberTimeout(Duration.ofMillis(100));
        CountDownLatch inOnNext = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean insideOnNext = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        try (InMemoryEventBus bus = new InMemoryEventBus(config)) {
            RecordingSubscriber subscriber = new RecordingSubscriber(Long.MAX_VALUE) {
                @Override
                public void onNext(DomainEvent item) {
                    insideOnNext.set(true);
                    super.onNext(item);
                    inOnNext.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    insideOnNext.set(false);
                }

                @Override
                public void onError(Throwable throwable) {
                    overlapped.compareAndSet(false, insideOnNext.get());
                    super.onError(throwable);
                }
            };
            bus.stream().subscribe(subscriber);

            bus.emitAndWait(minimalEvent(EventType.TOOL_INVOKED));
            assertThat(inOnNext.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) { // fills the buffer of 2, then waits 100 ms and drops the subscriber
                bus.emitAndWait(minimalEvent(EventType.TOOL_INVOKED));
            }
            assertThat(subscriber.error.get()).isNull(); // still inside onNext: no concurrent signal
            release.countDown();

            await().atMost(WAIT).until(() -> subscriber.error.get() != null);
            assertThat(subscriber.error.get()).isInstanceOf(SlowSubscriberException.class);
            assertThat(overlapped).isFalse();
            assertThat(subscriber.received).hasSize(1);
        }
    }

    @Test
    void aStreamSubscriberMayEmit() {
        try (InMemoryEventBus bus = new InMemoryEventBus()) {
            bus.stream().subscribe(new RecordingSubscriber(Long.MAX_VALUE) {
                @Override
                public void onNext(DomainEvent item) {
                    super.onNext(item);
                    if (item.type() == EventType.TOOL_INVOKED) {
                        bus.emitAndWait(DomainEvent.builder(EventType.TOOL_SUCCEEDED).causedBy(item).source("tool-runner").build());
                    }
                }
            });

            DomainEvent invoked = minimalEvent(EventType.TOOL_INVOKED);
            bus.emitAndWait(invoked);

            await().atMost(WAIT).until(() -> bus.emitted().size() == 2);
            assertThat(bus.emitted(EventType.TOOL_SUCCEEDED)).singleElement()
                    .satisfies(done -> assertThat(done.causationId()).isEqualTo(invoked.eventId()));
        }
    }
}
