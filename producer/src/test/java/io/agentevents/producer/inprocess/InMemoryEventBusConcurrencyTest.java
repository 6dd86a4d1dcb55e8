package io.agentevents.producer.inprocess;

import io.agentevents.api.Delivery;
import io.agentevents.api.EventListener;
import io.agentevents.api.Subscription;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.StartingGate;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many threads emit while others subscribe and unsubscribe without pause: nothing is lost, every
 * handler active for the whole run gets every matching event exactly once in history order (so in
 * each emitter's order), handlers never overlap, and a closed subscription gets no later event.
 */
class InMemoryEventBusConcurrencyTest {
    private static final int EMITTERS = 8;
    private static final int EVENTS_PER_EMITTER = 2_500;
    private static final int TOTAL = EMITTERS * EVENTS_PER_EMITTER;
    private static final int CHURNERS = 4;
    private static final EventType[] TYPES = {
        EventType.PLAN_CREATED, EventType.PLAN_PHASE_CHANGED, EventType.TOOL_INVOKED,
        EventType.DECISION_CREATED, EventType.BUDGET_CONSUMED, EventType.TOOL_SUCCEEDED};

    private final AtomicInteger handlersRunning = new AtomicInteger();
    private final AtomicBoolean handlersOverlapped = new AtomicBoolean();

    @Test
    void concurrentEmitsSubscribesAndUnsubscribesLoseNothingAndKeepOrder() throws Exception {
        InMemoryEventBusConfig config = InMemoryEventBusConfig.defaults()
                .withStreamBufferCapacity(1024)
                .withSlowSubscriberTimeout(Duration.ofSeconds(30));
        try (InMemoryEventBus bus = new InMemoryEventBus(config);
             StartingGate gate = new StartingGate()) {
            AtomicLong dispatched = new AtomicLong(); // subscribed first, so it sees each event before any other handler
            bus.subscribeAll((event, delivery) -> dispatched.incrementAndGet());
            Recorder all = new Recorder();
            Recorder plans = new Recorder();
            Recorder tools = new Recorder();
            bus.subscribeAll(all);
            bus.subscribe(Domain.PLAN, plans);
            bus.subscribe(EventType.TOOL_INVOKED, tools);
            RecordingSubscriber stream = new RecordingSubscriber(Long.MAX_VALUE);
            bus.stream().subscribe(stream);

            AtomicBoolean emitting = new AtomicBoolean(true);
            List<EmitResult> results = new CopyOnWriteArrayList<>();
            List<Future<?>> emitters = gate.submit(EMITTERS, e -> {
                String correlationId = "emitter-" + e;
                List<EmitResult> mine = new ArrayList<>(EVENTS_PER_EMITTER);
                for (long seq = 0; seq < EVENTS_PER_EMITTER; seq++) {
                    DomainEvent event = DomainEvent.builder(TYPES[(int) (seq % TYPES.length)])
                            .correlationId(correlationId).source(correlationId).detail("seq", seq).build();
                    mine.add(bus.emit(event).join());
                }
                results.addAll(mine);
            });
            List<Churned> churned = new CopyOnWriteArrayList<>();
            List<Future<?>> churners = gate.submit(CHURNERS, c -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (emitting.get()) {
                    Recorder recorder = new Recorder();
                    int kind = random.nextInt(3);
                    EventType type = TYPES[random.nextInt(TYPES.length)];
                    Subscription subscription = kind == 0 ? bus.subscribe(type, recorder)
                            : kind == 1 ? bus.subscribe(type.domain(), recorder)
                            : bus.subscribeAll(recorder);
                    long subscribedAt = dispatched.get();
                    long until = subscribedAt + random.nextInt(1, 30);
                    while (emitting.get() && dispatched.get() < until) {
                        Thread.yield();
                    }
                    long beforeClose = dispatched.get();
                    subscription.close();
                    long afterClose = dispatched.get();
                    Predicate<EventType> filter = kind == 0 ? t -> t == type
                            : kind == 1 ? t -> t.domain() == type.domain() : t -> true;
                    churned.add(new Churned(recorder, filter, subscribedAt, beforeClose, afterClose));
                }
            });

            gate.open();
            StartingGate.awaitAll(emitters, Duration.ofSeconds(120));
            emitting.set(false);
            StartingGate.awaitAll(churners, Duration.ofSeconds(60));

            List<DomainEvent> history = bus.emitted();
            assertThat(history).hasSize(TOTAL);
            Map<String, Integer> position = new HashMap<>();
            for (int i = 0; i < history.size(); i++) {
                position.put(history.get(i).eventId(), i);
            }
            assertThat(position).hasSize(TOTAL);
            assertThat(results).hasSize(TOTAL).allSatisfy(result ->
                    assertThat(position.get(result.eventId())).isEqualTo((int) result.offset()));
            assertEmitterOrder(history);

            assertThat(all.events).containsExactlyElementsOf(history);
            assertThat(plans.events).containsExactlyElementsOf(filter(history, t -> t.domain() == Domain.PLAN));
            assertThat(tools.events).containsExactlyElementsOf(filter(history, t -> t == EventType.TOOL_INVOKED));
            await().atMost(Duration.ofSeconds(60)).until(() -> stream.received.size() >= TOTAL);
            assertThat(stream.received).containsExactlyElementsOf(history);
            assertThat(stream.error.get()).isNull();

            assertThat(churned).as("churning subscriptions took part").anySatisfy(churn -> assertThat(churn.recorder.events).isNotEmpty());
            for (Churned churn : churned) {
                List<Integer> indices = churn.recorder.events.stream().map(e -> position.get(e.eventId())).toList();
                assertThat(indices).as("a churned subscription's events are in history order").isSorted()
                        .doesNotHaveDuplicates();
                assertThat(indices).as("no event dispatched after close() returned")
                        .allSatisfy(index -> assertThat((long) index).isLessThan(churn.afterClose));
                assertThat(churn.recorder.events).allSatisfy(e -> assertThat(churn.filter.test(e.type())).isTrue());
                // every matching event whose dispatch began after subscribe returned and ended before close began
                Set<Integer> got = new HashSet<>(indices);
                for (long i = churn.subscribedAt + 1; i < churn.beforeClose - 1; i++) {
                    if (churn.filter.test(history.get((int) i).type())) {
                        assertThat(got).as("event %d in [%d, %d)", i, churn.subscribedAt + 1, churn.beforeClose - 1)
                                .contains((int) i);
                    }
                }
            }
            assertThat(handlersOverlapped).as("handlers of one bus never run concurrently").isFalse();
            assertThat(bus.failures()).isEmpty();
        }
    }

    private static void assertEmitterOrder(List<DomainEvent> history) {
        Map<String, Long> nextSeq = new HashMap<>();
        for (DomainEvent event : history) {
            long expected = nextSeq.getOrDefault(event.correlationId(), 0L);
            assertThat(event.details().get("seq")).as("seq of %s", event.correlationId()).isEqualTo(expected);
            nextSeq.put(event.correlationId(), expected + 1);
        }
        assertThat(nextSeq).hasSize(EMITTERS).allSatisfy((correlation, next) -> assertThat(next).isEqualTo(EVENTS_PER_EMITTER));
    }

    private static List<DomainEvent> filter(List<DomainEvent> history, Predicate<EventType> filter) {
        return history.stream().filter(event -> filter.test(event.type())).toList();
    }

    private record Churned(Recorder recorder, Predicate<EventType> filter, long subscribedAt, long beforeClose,
                           long afterClose) {
    }

    private final class Recorder implements EventListener {
        final List<DomainEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onEvent(DomainEvent event, Delivery delivery) {
            if (handlersRunning.incrementAndGet() != 1) {
                handlersOverlapped.set(true);
            }
            events.add(event);
            handlersRunning.decrementAndGet();
        }
    }
}
