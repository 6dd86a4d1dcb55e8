package io.agentevents.producer.inprocess;

import io.agentevents.api.Subscription;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.EventFixtures;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.agentevents.schemas.testing.EventFixtures.minimalEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryEventBusTest {

    private final InMemoryEventBus bus = new InMemoryEventBus();

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void dispatchesByTypeByDomainAndToAll() {
        List<DomainEvent> byType = new ArrayList<>();
        List<DomainEvent> byDomain = new ArrayList<>();
        List<DomainEvent> all = new ArrayList<>();
        List<DomainEvent> tools = new ArrayList<>();
        bus.subscribe(EventType.PLAN_CREATED, (event, delivery) -> byType.add(event));
        bus.subscribe(Domain.PLAN, (event, delivery) -> byDomain.add(event));
        bus.subscribeAll((event, delivery) -> all.add(event));
        bus.subscribe(EventType.TOOL_INVOKED, (event, delivery) -> tools.add(event));

        DomainEvent created = minimalEvent(EventType.PLAN_CREATED);
        DomainEvent phase = minimalEvent(EventType.PLAN_PHASE_CHANGED);
        DomainEvent tool = minimalEvent(EventType.TOOL_INVOKED);
        DomainEvent budget = minimalEvent(EventType.BUDGET_CONSUMED);
        for (DomainEvent event : List.of(created, phase, tool, budget)) {
            bus.emitAndWait(event);
        }

        assertThat(byType).containsExactly(created);
        assertThat(byDomain).containsExactly(created, phase);
        assertThat(all).containsExactly(created, phase, tool, budget);
        assertThat(tools).containsExactly(tool);
    }

    @Test
    void callsHandlersInSubscriptionOrderOnTheEmittingThreadBeforeEmitReturns() {
        List<String> calls = new ArrayList<>();
        Thread emitter = Thread.currentThread();
        bus.subscribeAll((event, delivery) -> calls.add("all-1 " + (Thread.currentThread() == emitter)));
        bus.subscribe(EventType.SESSION_STARTED, (event, delivery) -> calls.add("type " + (Thread.currentThread() == emitter)));
        bus.subscribe(Domain.SESSION, (event, delivery) -> calls.add("domain " + (Thread.currentThread() == emitter)));
        bus.subscribeAll((event, delivery) -> calls.add("all-2 " + (Thread.currentThread() == emitter)));

        CompletableFuture<EmitResult> result = bus.emit(minimalEvent(EventType.SESSION_STARTED));

        assertThat(result).isCompleted();
        assertThat(calls).containsExactly("all-1 true", "type true", "domain true", "all-2 true");
    }

    @Test
    void recordsHistoryAndReportsTopicPartitionAndOffset() {
        DomainEvent first = minimalEvent(EventType.PLAN_CREATED);
        DomainEvent second = minimalEvent(EventType.TOOL_INVOKED);
        DomainEvent third = minimalEvent(EventType.PLAN_COMPLETED);

        List<EmitResult> results = bus.emitAll(List.of(first, second, third)).join();

        assertThat(results).containsExactly(
                new EmitResult("events.plan", 0, 0, first.eventId()),
                new EmitResult("events.tool", 0, 1, second.eventId()),
                new EmitResult("events.plan", 0, 2, third.eventId()));
        assertThat(bus.emitted()).containsExactly(first, second, third);
        assertThat(bus.emitted(EventType.TOOL_INVOKED)).containsExactly(second);
        assertThat(bus.emitted(EventType.DECISION_CREATED)).isEmpty();
    }

    @Test
    void usesTheConfiguredTopicPrefix() {
        try (InMemoryEventBus prefixed = new InMemoryEventBus(InMemoryEventBusConfig.defaults().withTopicPrefix("acme.events"))) {
            EmitResult result = prefixed.emitAndWait(minimalEvent(EventType.BUDGET_EXCEEDED));
            assertThat(result.topic()).isEqualTo("acme.events.budget");
        }
    }

    @Test
    void historyIsAnImmutableSnapshot() {
        bus.emitAndWait(minimalEvent(EventType.PLAN_CREATED));
        List<DomainEvent> snapshot = bus.emitted();

        bus.emitAndWait(minimalEvent(EventType.PLAN_STARTED));

        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(() -> snapshot.add(minimalEvent(EventType.PLAN_CREATED)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> bus.emitted(EventType.PLAN_STARTED).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void clearForgetsHistoryAndFailuresButOffsetsKeepCounting() {
        bus.subscribeAll((event, delivery) -> {
            throw new IllegalStateException("handler broken");
        });
        bus.emitAndWait(minimalEvent(EventType.PLAN_CREATED));
        bus.emitAndWait(minimalEvent(EventType.PLAN_CREATED));
        assertThat(bus.failures()).hasSize(2);

        bus.clear();
        EmitResult next = bus.emitAndWait(minimalEvent(EventType.PLAN_STARTED));

        assertThat(bus.emitted()).hasSize(1);
        assertThat(bus.failures()).hasSize(1);
        assertThat(next.offset()).isEqualTo(2);
    }

    @Test
    void refusesUnknownEventsWithANonRetriableError() {
        List<DomainEvent> received = new ArrayList<>();
        bus.subscribeAll((event, delivery) -> received.add(event));
        DomainEvent unknown = minimalEvent(EventType.UNKNOWN);

        CompletableFuture<EmitResult> result = bus.emit(unknown);

        assertThat(result).isCompletedExceptionally();
        EmitException error = failureOf(result);
        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains(unknown.eventId()).contains("UNKNOWN");
        assertThat(bus.emitted()).isEmpty();
        assertThat(received).isEmpty();
        assertThatThrownBy(() -> bus.subscribe(EventType.UNKNOWN, (event, delivery) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNKNOWN");
    }

    @Test
    void aFailingHandlerDoesNotStopTheOthersAndIsReported() {
        List<HandlerFailure> heard = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        try (InMemoryEventBus reporting = new InMemoryEventBus(InMemoryEventBusConfig.defaults(), heard::add);
             CapturedLog log = CapturedLog.capture(InMemoryEventBus.class.getName(), Level.WARN)) {
            reporting.subscribeAll((event, delivery) -> calls.add("first"));
            IllegalStateException boom = new IllegalStateException("boom");
            Subscription failing = reporting.subscribe(Domain.PLAN, (event, delivery) -> {
                throw boom;
            });
            reporting.subscribeAll((event, delivery) -> calls.add("third"));
            DomainEvent event = EventFixtures.fullEvent();

            CompletableFuture<EmitResult> result = reporting.emit(event);

            assertThat(result).isCompleted().isNotCompletedExceptionally();
            assertThat(calls).containsExactly("first", "third");
            HandlerFailure expected = new HandlerFailure(event, failing, boom);
            assertThat(reporting.failures()).containsExactly(expected);
            assertThat(heard).containsExactly(expected);
            assertThat(log.events(Level.WARN)).singleElement().satisfies(line -> {
                assertThat(line.getFormattedMessage()).contains(event.eventId()).contains("domain plan").contains("boom");
                assertThat(line.getThrowableProxy().getMessage()).isEqualTo("boom");
            });
            assertThat(failing.isActive()).isTrue();
        }
    }

    @Test
    void reportsCheckedExceptionsAndSurvivesAFailingListener() {
        try (InMemoryEventBus reporting = new InMemoryEventBus(InMemoryEventBusConfig.defaults(), failure -> {
            throw new IllegalStateException("listener broken too");
        })) {
            reporting.subscribe(EventType.TOOL_FAILED, (event, delivery) -> {
                throw new IOException("disk full");
            });
            List<DomainEvent> others = new ArrayList<>();
            reporting.subscribe(EventType.TOOL_FAILED, (event, delivery) -> others.add(event));

            EmitResult result = reporting.emitAndWait(minimalEvent(EventType.TOOL_FAILED));

            assertThat(result.offset()).isZero();
            assertThat(others).hasSize(1);
            assertThat(reporting.failures()).singleElement()
                    .satisfies(failure -> assertThat(failure.error()).isInstanceOf(IOException.class).hasMessage("disk full"));
        }
    }

    @Test
    void anErrorFromAHandlerPropagatesAndTheBusKeepsWorking() {
        List<DomainEvent> later = new ArrayList<>();
        Subscription asserting = bus.subscribe(EventType.PLAN_FAILED, (event, delivery) -> {
            throw new AssertionError("test assertion inside a handler");
        });
        DomainEvent failed = minimalEvent(EventType.PLAN_FAILED);

        assertThatThrownBy(() -> bus.emit(failed)).isInstanceOf(AssertionError.class);

        asserting.close();
        bus.subscribeAll((event, delivery) -> later.add(event));
        DomainEvent next = minimalEvent(EventType.PLAN_STARTED);
        assertThat(bus.emitAndWait(next).offset()).isEqualTo(1);
        assertThat(bus.emitted()).containsExactly(failed, next);
        assertThat(later).containsExactly(next);
    }

    @Test
    void aHandlerMayEmitAndEveryHandlerStillSeesHistoryOrder() {
        List<DomainEvent> seenByLast = new ArrayList<>();
        AtomicReference<EmitResult> nestedResult = new AtomicReference<>();
        bus.subscribe(EventType.PLAN_CREATED, (created, delivery) -> {
            DomainEvent started = DomainEvent.builder(EventType.PLAN_STARTED).causedBy(created)
                    .planId(created.planId()).source("planner").build();
            nestedResult.set(bus.emitAndWait(started, Duration.ofSeconds(1))); // must not deadlock
        });
        bus.subscribeAll((event, delivery) -> seenByLast.add(event));
        DomainEvent created = DomainEvent.builder(EventType.PLAN_CREATED).planId("p-1").source("test").build();

        EmitResult outer = bus.emitAndWait(created);

        List<DomainEvent> history = bus.emitted();
        assertThat(history).hasSize(2);
        DomainEvent started = history.get(1);
        assertThat(started.type()).isEqualTo(EventType.PLAN_STARTED);
        assertThat(started.causationId()).isEqualTo(created.eventId());
        assertThat(started.correlationId()).isEqualTo(created.correlationId());
        assertThat(outer.offset()).isZero();
        assertThat(nestedResult.get().offset()).isEqualTo(1);
        assertThat(seenByLast).containsExactly(created, started); // not started before created
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore() {
        List<DomainEvent> received = new ArrayList<>();
        Subscription subscription = bus.subscribe(Domain.TOOL, (event, delivery) -> received.add(event));
        DomainEvent before = minimalEvent(EventType.TOOL_INVOKED);
        bus.emitAndWait(before);

        subscription.close();
        subscription.close(); // idempotent
        bus.emitAndWait(minimalEvent(EventType.TOOL_SUCCEEDED));

        assertThat(subscription.isActive()).isFalse();
        assertThat(received).containsExactly(before);
    }

    @Test
    void aSubscriptionClosedDuringDispatchGetsNoLaterEvent() {
        List<DomainEvent> second = new ArrayList<>();
        AtomicReference<Subscription> toClose = new AtomicReference<>();
        bus.subscribeAll((event, delivery) -> toClose.get().close());
        toClose.set(bus.subscribeAll((event, delivery) -> second.add(event)));

        bus.emitAndWait(minimalEvent(EventType.PLAN_CREATED));
        bus.emitAndWait(minimalEvent(EventType.PLAN_STARTED));

        assertThat(second).extracting(DomainEvent::type).doesNotContain(EventType.PLAN_STARTED);
    }

    @Test
    void aSubscriptionMadeDuringDispatchStartsWithTheNextEvent() {
        List<DomainEvent> late = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe(EventType.SESSION_STARTED, (event, delivery) -> bus.subscribeAll((later, again) -> late.add(later)));
        DomainEvent first = minimalEvent(EventType.SESSION_STARTED);
        DomainEvent second = minimalEvent(EventType.SESSION_ENDED);

        bus.emitAndWait(first);
        bus.emitAndWait(second);

        assertThat(late).containsExactly(second);
    }

    @Test
    void closeRefusesEmitsDeactivatesSubscriptionsAndIsIdempotent() {
        List<DomainEvent> received = new ArrayList<>();
        Subscription subscription = bus.subscribeAll((event, delivery) -> received.add(event));
        DomainEvent before = minimalEvent(EventType.PLAN_CREATED);
        bus.emitAndWait(before);

        bus.close();
        bus.close();

        assertThat(bus.isClosed()).isTrue();
        assertThat(subscription.isActive()).isFalse();
        CompletableFuture<EmitResult> after = bus.emit(minimalEvent(EventType.PLAN_STARTED));
        EmitException error = failureOf(after);
        assertThat(error.retriable()).isFalse();
        assertThat(error.getMessage()).contains("closed");
        assertThatThrownBy(() -> bus.emitAndWait(minimalEvent(EventType.PLAN_STARTED)))
                .isInstanceOf(EmitException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> bus.subscribe(Domain.PLAN, (event, delivery) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(received).containsExactly(before);
        assertThat(bus.emitted()).containsExactly(before);
    }

    @Test
    void aHandlerMayCloseTheBus() {
        List<DomainEvent> received = new ArrayList<>();
        bus.subscribe(EventType.SESSION_ENDED, (event, delivery) -> bus.close());
        bus.subscribeAll((event, delivery) -> received.add(event));
        DomainEvent ended = minimalEvent(EventType.SESSION_ENDED);

        EmitResult result = bus.emitAndWait(ended);

        assertThat(result.offset()).isZero();
        assertThat(bus.isClosed()).isTrue();
        assertThat(received).isEmpty(); // closed before its turn
        assertThat(bus.emit(minimalEvent(EventType.SESSION_STARTED))).isCompletedExceptionally();
    }

    @Test
    void anEmitWaitingTooLongForAnotherThreadsDispatchFailsRetriably() throws Exception {
        CountDownLatch handlerRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (InMemoryEventBus slow = new InMemoryEventBus(InMemoryEventBusConfig.defaults()
                .withDispatchTimeout(Duration.ofMillis(100)))) {
            slow.subscribe(EventType.TOOL_INVOKED, (event, delivery) -> {
                handlerRunning.countDown();
                release.await(10, TimeUnit.SECONDS);
            });
            CompletableFuture<EmitResult> blocked = CompletableFuture.supplyAsync(
                    () -> slow.emitAndWait(minimalEvent(EventType.TOOL_INVOKED)));
            assertThat(handlerRunning.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<EmitResult> waiting = slow.emit(minimalEvent(EventType.PLAN_CREATED));

            EmitException error = failureOf(waiting);
            assertThat(error.retriable()).isTrue();
            assertThat(error.getMessage()).contains("100 ms");
            release.countDown();
            assertThat(blocked.get(10, TimeUnit.SECONDS).offset()).isZero();
            assertThat(slow.emitted()).hasSize(1);
        }
    }

    @Test
    void anInterruptedThreadCanStillEmitWhenNoOneElseIsDispatching() {
        List<DomainEvent> received = new ArrayList<>();
        bus.subscribeAll((event, delivery) -> received.add(event));
        Thread.currentThread().interrupt();
        try {
            EmitResult result = bus.emit(minimalEvent(EventType.PLAN_CREATED)).getNow(null);

            assertThat(result).isNotNull();
            assertThat(received).hasSize(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void validatesItsConfiguration() {
        InMemoryEventBusConfig defaults = InMemoryEventBusConfig.defaults();
        assertThat(defaults.topicPrefix()).isEqualTo("events");
        assertThat(defaults.streamBufferCapacity()).isEqualTo(256);
        assertThatThrownBy(() -> defaults.withTopicPrefix("bad prefix"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad prefix");
        assertThatThrownBy(() -> defaults.withStreamBufferCapacity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streamBufferCapacity");
        assertThatThrownBy(() -> defaults.withSlowSubscriberTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slowSubscriberTimeout");
        assertThatThrownBy(() -> defaults.withDispatchTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dispatchTimeout");
        assertThatThrownBy(() -> defaults.withDispatchTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("dispatchTimeout");
    }

    static EmitException failureOf(CompletableFuture<EmitResult> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(EmitException.class);
            return (EmitException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("expected a failed emit, got " + e, e);
        }
        throw new AssertionError("expected a failed emit, but it succeeded");
    }
}
