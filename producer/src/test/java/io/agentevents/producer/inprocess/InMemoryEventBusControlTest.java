package io.agentevents.producer.inprocess;

import io.agentevents.api.Delivery;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The test decides how each emit ends, as with Kafka's {@code MockProducer(autoComplete=false)}. */
class InMemoryEventBusControlTest {
    private final InMemoryEventBus bus = new InMemoryEventBus(InMemoryEventBusConfig.defaults().withAutoComplete(false));
    private final List<DomainEvent> heard = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    InMemoryEventBusControlTest() {
        bus.subscribeAll((event, delivery) -> {
            heard.add(event);
            deliveries.add(delivery);
        });
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    private static DomainEvent event(EventType type) {
        return DomainEvent.builder(type).source("test").build();
    }

    @Test
    void anEmitWaitsUntilCompletedThenLandsIsDeliveredAndCompletes() {
        DomainEvent created = event(EventType.PLAN_CREATED);

        CompletableFuture<EmitResult> emit = bus.emit(created);

        assertThat(emit).isNotDone();
        assertThat(bus.pending()).containsExactly(created);
        assertThat(bus.emitted()).isEmpty();
        assertThat(heard).isEmpty();
        assertThat(bus).hasToString("InMemoryEventBus[open, 1 subscriptions, 0 stream subscribers, 1 emits pending]");

        assertThat(bus.completeNext()).isTrue();

        assertThat(emit).isCompletedWithValue(new EmitResult("events.plan", 0, 0, created.eventId()));
        assertThat(bus.pending()).isEmpty();
        assertThat(bus.emitted()).containsExactly(created);
        assertThat(heard).containsExactly(created);
        assertThat(deliveries).singleElement().satisfies(delivery ->
                assertThat(delivery).isEqualTo(Delivery.first("events.plan", 0, 0, delivery.recordTime())));
        assertThat(bus.completeNext()).as("nothing left to complete").isFalse();
    }

    @Test
    void failNextFailsTheOldestEmitWithItsCauseAsAKafkaEmitFailsAndNothingOfItLands() {
        DomainEvent first = event(EventType.TOOL_INVOKED);
        DomainEvent second = event(EventType.TOOL_SUCCEEDED);
        CompletableFuture<EmitResult> firstEmit = bus.emit(first);
        CompletableFuture<EmitResult> secondEmit = bus.emit(second);
        TimeoutException brokerDown = new TimeoutException("Expiring 1 record(s) for events.tool-0: 30000 ms has passed");

        assertThat(bus.failNext(brokerDown)).isTrue();

        assertThat(failure(firstEmit)).isInstanceOfSatisfying(EmitException.class, e -> {
            assertThat(e.retriable()).isTrue();
            assertThat(e.getCause()).isSameAs(brokerDown);
            assertThat(e).hasMessageContaining("event " + first.eventId() + " (tool.invoked) not emitted to events.tool")
                    .hasMessageContaining("Expiring 1 record(s)");
        });
        assertThat(secondEmit).isNotDone();
        assertThat(bus.pending()).containsExactly(second);

        assertThat(bus.completeNext()).isTrue();
        assertThat(secondEmit.join().offset()).as("the failed emit took no offset").isZero();
        assertThat(bus.emitted()).containsExactly(second);
        assertThat(heard).containsExactly(second);
    }

    @Test
    void aCauseThatCannotBeRetriedGivesAFailureThatIsNotRetriableAndAnEmitExceptionPassesAsItIs() {
        CompletableFuture<EmitResult> tooLarge = bus.emit(event(EventType.CONTEXT_UPDATED));
        CompletableFuture<EmitResult> refused = bus.emit(event(EventType.CONTEXT_COMPACTED));
        EmitException given = new EmitException("refused by the test", false, null);

        bus.failNext(new RecordTooLargeException("the record is 2000000 bytes"));
        bus.failNext(given);

        assertThat(failure(tooLarge)).isInstanceOfSatisfying(EmitException.class, e -> assertThat(e.retriable()).isFalse())
                .hasCauseInstanceOf(RecordTooLargeException.class);
        assertThat(failure(refused)).isSameAs(given);
        assertThat(bus.emitted()).isEmpty();
    }

    @Test
    void closingFailsTheEmitsStillPendingAndRefusesLaterOnes() {
        CompletableFuture<EmitResult> waiting = bus.emit(event(EventType.SESSION_STARTED));

        bus.close();

        assertThat(failure(waiting)).isInstanceOfSatisfying(EmitException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("closed before the emit was completed or failed");
        assertThat(failure(bus.emit(event(EventType.SESSION_ENDED)))).hasMessageContaining("the event bus is closed");
        assertThat(bus.pending()).isEmpty();
        assertThat(bus.completeNext()).isFalse();
    }

    @Test
    void refusalsDoNotWaitForTheTest() {
        assertThat(failure(bus.emit(event(EventType.UNKNOWN)))).hasMessageContaining("UNKNOWN");
        assertThat(bus.pending()).isEmpty();
    }

    @Test
    void anEmitFromAListenerWaitsLikeAnyOther() {
        DomainEvent cause = event(EventType.PLAN_STARTED);
        DomainEvent effect = event(EventType.PLAN_COMPLETED);
        bus.subscribe(EventType.PLAN_STARTED, (event, delivery) -> bus.emit(effect));
        bus.emit(cause);

        bus.completeNext();

        assertThat(bus.pending()).containsExactly(effect);
        assertThat(bus.completeNext()).isTrue();
        assertThat(bus.emitted()).containsExactly(cause, effect);
    }

    @Test
    void withAutoCompletionNothingWaits() {
        try (InMemoryEventBus automatic = new InMemoryEventBus()) {
            assertThat(automatic.emit(event(EventType.PLAN_CREATED))).isCompleted();
            assertThat(automatic.pending()).isEmpty();
            assertThat(automatic.completeNext()).isFalse();
            assertThat(automatic.failNext(new TimeoutException("nothing to fail"))).isFalse();
        }
    }

    private static Throwable failure(CompletableFuture<EmitResult> emit) {
        assertThat(emit).isCompletedExceptionally();
        return emit.handle((result, failure) -> failure).join();
    }
}
