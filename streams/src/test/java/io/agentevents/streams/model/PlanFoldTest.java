package io.agentevents.streams.model;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.agentevents.streams.model.TestEvents.T0;
import static io.agentevents.streams.model.TestEvents.event;
import static io.agentevents.streams.model.TestEvents.id;
import static io.agentevents.streams.model.TestEvents.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanFoldTest {

    private static PlanFold fold(String planId, DomainEvent... events) {
        PlanFold fold = PlanFold.empty(planId);
        long offset = 0;
        for (DomainEvent event : events) {
            fold = fold.add(event, "events." + event.domain().wireName(), 0, offset++);
        }
        return fold;
    }

    @Test
    void anEmptyFoldKnowsNothingButThePlanId() {
        PlanState state = PlanFold.empty("p").state();
        assertThat(state).isEqualTo(new PlanState("p", null, null, List.of(), null, null, null, null,
                Map.of("created", 0L, "approved", 0L, "rejected", 0L, "superseded", 0L), 0, 0, 0, 0, null, 0, Map.of()));
        assertThatThrownBy(() -> PlanFold.empty(null)).hasMessageContaining("planId");
    }

    @Test
    void createdAndUpdatedAreTheLeastAndGreatestEventTimes() {
        PlanState state = fold("p", event(EventType.TOOL_INVOKED, "p", 5, 1), event(EventType.PLAN_CREATED, "p", 1, 2),
                event(EventType.TOOL_FAILED, "p", 9, 3), event(EventType.PLAN_STARTED, "p", 3, 4)).state();
        assertThat(state.createdAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(state.updatedAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void thePhaseIsTheToPhaseOfTheLatestPhaseChangeWithTiesBrokenByEventId() {
        DomainEvent early = plan(EventType.PLAN_PHASE_CHANGED, "p", 1, 1).detail("to_phase", "planning").build();
        DomainEvent tieLow = plan(EventType.PLAN_PHASE_CHANGED, "p", 5, 2).detail("to_phase", "executing").build();
        DomainEvent tieHigh = plan(EventType.PLAN_PHASE_CHANGED, "p", 5, 3).detail("to_phase", "reviewing").build();
        DomainEvent noPhase = plan(EventType.PLAN_PHASE_CHANGED, "p", 9, 4).detail("to_phase", 7L).build();

        assertThat(fold("p", early, tieLow, tieHigh, noPhase).state().phase()).isEqualTo("reviewing");
        assertThat(fold("p", tieHigh, noPhase, tieLow, early).state().phase()).isEqualTo("reviewing");
        assertThat(fold("p", noPhase).state().phase()).isNull();
    }

    @Test
    void theStatusFollowsTheLatestLifecycleEvent() {
        DomainEvent created = event(EventType.PLAN_CREATED, "p", 0, 1);
        DomainEvent started = event(EventType.PLAN_STARTED, "p", 1, 2);
        DomainEvent paused = event(EventType.PLAN_PAUSED, "p", 2, 3);
        DomainEvent resumed = event(EventType.PLAN_RESUMED, "p", 3, 4);

        assertThat(fold("p", created).state().status()).isEqualTo("created");
        assertThat(fold("p", created, started).state().status()).isEqualTo("running");
        assertThat(fold("p", paused, started, created).state().status()).isEqualTo("paused");
        assertThat(fold("p", resumed, created, paused, started).state().status()).isEqualTo("running");
        assertThat(fold("p", event(EventType.TOOL_INVOKED, "p", 0, 9)).state().status()).isNull();
    }

    @Test
    void aTerminalStatusWinsOverLaterNonTerminalOnesAndTheLatestTerminalOneWins() {
        DomainEvent completed = event(EventType.PLAN_COMPLETED, "p", 10, 1);
        DomainEvent lateStart = event(EventType.PLAN_STARTED, "p", 20, 2);
        DomainEvent olderStart = event(EventType.PLAN_STARTED, "p", 5, 3);
        assertThat(fold("p", completed, lateStart, olderStart).state().status()).isEqualTo("completed");
        assertThat(fold("p", lateStart, completed).state().status()).isEqualTo("completed");

        DomainEvent failed = event(EventType.PLAN_FAILED, "p", 12, 4);
        DomainEvent cancelled = event(EventType.PLAN_CANCELLED, "p", 11, 5);
        assertThat(fold("p", failed, completed, cancelled).state().status()).isEqualTo("failed");
        assertThat(fold("p", cancelled, completed).state().status()).isEqualTo("cancelled");
    }

    @Test
    void theRootComesFromTheEarliestEventCarryingOneAndTheParentFromPlanCreated() {
        PlanState state = fold("p",
                plan(EventType.TOOL_INVOKED, "p", 9, 1).rootPlanId("other-root").build(),
                plan(EventType.PLAN_CREATED, "p", 1, 2).rootPlanId("root").detail("parent_plan_id", "parent").build(),
                plan(EventType.PLAN_STARTED, "p", 2, 3).detail("parent_plan_id", "not-from-started").build()).state();
        assertThat(state.rootPlanId()).isEqualTo("root");
        assertThat(state.parentPlanId()).isEqualTo("parent");

        assertThat(fold("p", plan(EventType.PLAN_CREATED, "p", 1, 1).detail("parent_plan_id", "p").build()).state()
                .parentPlanId()).as("a plan is not its own parent").isNull();
        assertThat(fold("p", plan(EventType.PLAN_CREATED, "p", 1, 1).detail("parent_plan_id", " ").build()).state()
                .parentPlanId()).isNull();
    }

    @Test
    void childPlansComeFromTheirPlanCreatedNamingThisPlanAsParent() {
        DomainEvent child = plan(EventType.PLAN_CREATED, "c1", 1, 1).detail("parent_plan_id", "p").build();
        DomainEvent otherChild = plan(EventType.PLAN_CREATED, "c0", 2, 2).detail("parent_plan_id", "p").build();
        DomainEvent notAChild = plan(EventType.PLAN_CREATED, "x", 3, 3).detail("parent_plan_id", "elsewhere").build();
        DomainEvent childStarted = plan(EventType.PLAN_STARTED, "c2", 4, 4).detail("parent_plan_id", "p").build();

        PlanFold fold = fold("p", child, otherChild, notAChild, childStarted, child);
        PlanState state = fold.state();
        assertThat(state.childPlanIds()).containsExactly("c0", "c1");
        assertThat(state.eventCount()).as("child facts are not the plan's events").isZero();
        assertThat(state.createdAt()).isNull();
        assertThat(state.lastEvent()).isNull();
        assertThat(state.inputOffsets()).containsExactly(Map.entry("events.plan-0", 4L));
    }

    @Test
    void anEventAboutAnotherPlanChangesNothing() {
        PlanFold fold = fold("p", event(EventType.PLAN_CREATED, "p", 0, 1));
        assertThat(fold.add(event(EventType.TOOL_INVOKED, "q", 1, 2), "events.tool", 0, 7)).isSameAs(fold);
        DomainEvent noPlan = DomainEvent.builder(EventType.SESSION_STARTED).source("s").build();
        assertThat(fold.add(noPlan, "events.session", 0, 1)).isSameAs(fold);
    }

    @Test
    void decisionsToolsAndBudgetsAreCountedAndSummedExactly() {
        PlanState state = fold("p",
                event(EventType.DECISION_CREATED, "p", 0, 1), event(EventType.DECISION_CREATED, "p", 1, 2),
                event(EventType.DECISION_APPROVED, "p", 2, 3), event(EventType.DECISION_REJECTED, "p", 3, 4),
                event(EventType.DECISION_SUPERSEDED, "p", 4, 5),
                event(EventType.TOOL_INVOKED, "p", 5, 6), event(EventType.TOOL_INVOKED, "p", 6, 7),
                event(EventType.TOOL_SUCCEEDED, "p", 7, 8), event(EventType.TOOL_FAILED, "p", 8, 9),
                plan(EventType.BUDGET_ALLOCATED, "p", 9, 10).detail("amount", 0.1).build(),
                plan(EventType.BUDGET_ALLOCATED, "p", 10, 11).detail("amount", 0.2).build(),
                plan(EventType.BUDGET_ALLOCATED, "p", 11, 12).detail("amount", 3L).build(),
                plan(EventType.BUDGET_ALLOCATED, "p", 12, 13).detail("amount", "12").build(),
                plan(EventType.BUDGET_ALLOCATED, "p", 13, 14).detail("amount", Double.NaN).build(),
                plan(EventType.BUDGET_CONSUMED, "p", 14, 15).detail("amount", 1.5).build(),
                event(EventType.BUDGET_CONSUMED, "p", 15, 16),
                plan(EventType.BUDGET_EXCEEDED, "p", 16, 17).detail("amount", 99L).build()).state();

        assertThat(state.decisionsByOutcome()).containsExactly(Map.entry("approved", 1L), Map.entry("created", 2L),
                Map.entry("rejected", 1L), Map.entry("superseded", 1L));
        assertThat(state.toolCalls()).isEqualTo(2);
        assertThat(state.toolFailures()).isEqualTo(1);
        assertThat(state.budgetAllocated()).as("0.1 + 0.2 + 3, exactly").isEqualTo(3.3);
        assertThat(state.budgetConsumed()).isEqualTo(1.5);
        assertThat(state.eventCount()).isEqualTo(17);
    }

    @Test
    void budgetSumsDoNotDependOnTheOrderOfAdditions() {
        DomainEvent big = plan(EventType.BUDGET_CONSUMED, "p", 0, 1).detail("amount", 1e16).build();
        DomainEvent one = plan(EventType.BUDGET_CONSUMED, "p", 1, 2).detail("amount", 1.0).build();
        DomainEvent minusBig = plan(EventType.BUDGET_CONSUMED, "p", 2, 3).detail("amount", -1e16).build();
        PlanFold forward = fold("p", big, one, minusBig);
        PlanFold backward = fold("p", one, minusBig, big);
        assertThat(forward.budgetConsumed()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(forward.state().budgetConsumed()).isEqualTo(backward.state().budgetConsumed()).isEqualTo(1.0);
    }

    @Test
    void theLastEventIsTheLatestByTimeThenIdAndTheCountIsOfDistinctEvents() {
        DomainEvent a = event(EventType.TOOL_INVOKED, "p", 5, 2);
        DomainEvent b = event(EventType.TOOL_SUCCEEDED, "p", 5, 1);
        DomainEvent c = event(EventType.PLAN_CREATED, "p", 1, 3);
        PlanFold fold = fold("p", a, b, c);
        // copies of a and b, recognised as such by the topology (the plan's trail), count only as positions
        fold = fold.addDuplicate(new SourcePosition("events.tool", 0, 3)).addDuplicate(new SourcePosition("events.tool", 0, 4));
        PlanState state = fold.state();
        assertThat(state.lastEvent()).isEqualTo(new PlanState.LastEvent(id(2), "tool.invoked", T0.plusSeconds(5)));
        assertThat(state.eventCount()).isEqualTo(3);
        assertThat(state.toolCalls()).isEqualTo(1);
    }

    @Test
    void aCopyOfAnEventAlreadyFoldedChangesNothingUnlessItComesFromAHigherOffset() {
        DomainEvent invoked = event(EventType.TOOL_INVOKED, "p", 0, 1);
        PlanFold once = PlanFold.empty("p").add(invoked, "events.tool", 2, 10);

        assertThat(once.addDuplicate(new SourcePosition("events.tool", 2, 10))).isSameAs(once);
        assertThat(once.addDuplicate(new SourcePosition("events.tool", 2, 3))).isSameAs(once);
        PlanFold replayed = once.addDuplicate(new SourcePosition("events.tool", 2, 11));
        assertThat(replayed.state().toolCalls()).isEqualTo(1);
        assertThat(replayed.inputOffsets()).containsExactly(Map.entry("events.tool-2", 11L));
        assertThat(replayed.addDuplicate(new SourcePosition("events.tool", 1, 0)).inputOffsets())
                .containsExactly(Map.entry("events.tool-1", 0L), Map.entry("events.tool-2", 11L));
    }

    @Test
    void inputOffsetsKeepTheGreatestOffsetPerTopicPartition() {
        PlanFold fold = PlanFold.empty("p")
                .add(event(EventType.TOOL_INVOKED, "p", 0, 1), "events.tool", 0, 7)
                .add(event(EventType.TOOL_INVOKED, "p", 1, 2), "events.tool", 0, 3)
                .add(event(EventType.TOOL_INVOKED, "p", 2, 3), "events.tool", 1, 1)
                .add(event(EventType.PLAN_STARTED, "p", 3, 4), "events.plan", 0, 0);
        assertThat(fold.state().inputOffsets()).containsExactly(Map.entry("events.plan-0", 0L),
                Map.entry("events.tool-0", 7L), Map.entry("events.tool-1", 1L));
    }

    @Test
    void factsOrderByTimeThenEventId() {
        PlanFold.Fact early = new PlanFold.Fact(T0, id(9), "a");
        PlanFold.Fact tieLow = new PlanFold.Fact(T0.plusSeconds(1), id(1), "b");
        PlanFold.Fact tieHigh = new PlanFold.Fact(T0.plusSeconds(1), id(2), "c");
        assertThat(PlanFold.Fact.latest(tieHigh, tieLow)).isSameAs(tieHigh);
        assertThat(PlanFold.Fact.latest(tieLow, tieHigh)).isSameAs(tieHigh);
        assertThat(PlanFold.Fact.earliest(tieLow, early)).isSameAs(early);
        assertThat(PlanFold.Fact.latest(null, early)).isSameAs(early);
        assertThat(PlanFold.Fact.earliest(early, null)).isSameAs(early);
    }
}
