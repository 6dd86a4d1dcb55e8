package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.streams.model.PlanIndex;
import io.agentevents.streams.model.PlanState;
import io.agentevents.streams.model.TestEvents;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan-state fold through the whole topology: the same set of events, piped in any order and
 * with any events delivered more than once, leaves every plan in the same state (and the same
 * plans-by-root index). Timestamps are drawn from a few seconds so ties, broken by event id, are common.
 */
class PlanStatePermutationProperties {

    private static final List<String> PLANS = List.of("root", "child-a", "child-b", "grandchild");
    private static final List<EventType> TYPES = List.of(
            EventType.PLAN_CREATED, EventType.PLAN_STARTED, EventType.PLAN_PAUSED, EventType.PLAN_RESUMED,
            EventType.PLAN_COMPLETED, EventType.PLAN_FAILED, EventType.PLAN_CANCELLED, EventType.PLAN_PHASE_CHANGED,
            EventType.DECISION_CREATED, EventType.DECISION_APPROVED, EventType.DECISION_REJECTED,
            EventType.DECISION_SUPERSEDED, EventType.TOOL_INVOKED, EventType.TOOL_SUCCEEDED, EventType.TOOL_FAILED,
            EventType.BUDGET_ALLOCATED, EventType.BUDGET_CONSUMED);

    @Property(tries = 60)
    void anyOrderWithAnyDuplicatesGivesTheSamePlanStates(@ForAll("eventSets") List<DomainEvent> events,
                                                         @ForAll Random random) {
        List<DomainEvent> shuffled = new ArrayList<>(events);
        int duplicates = random.nextInt(events.size() + 1);
        for (int i = 0; i < duplicates; i++) {
            shuffled.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(shuffled, random);

        // in order through the internal topic; reordered with every role applied where it is read
        Folded inOrder = fold(events, new ProjectionsDriver());
        Folded reordered = fold(shuffled, ProjectionsDriver.inPlace());

        assertThat(reordered.states()).isEqualTo(inOrder.states());
        assertThat(reordered.plansOfRoot()).isEqualTo(inOrder.plansOfRoot());
        assertThat(reordered.states().values()).allSatisfy(state -> assertThat(state.eventCount())
                .isEqualTo(events.stream().filter(e -> state.planId().equals(e.planId())).count()));
    }

    /**
     * Which offsets a plan's events were read at depends on the order they were written in, so
     * {@code inputOffsets} differ between orders by design; every other field must be equal.
     */
    private static PlanState withoutOffsets(PlanState state) {
        return new PlanState(state.planId(), state.rootPlanId(), state.parentPlanId(), state.childPlanIds(),
                state.phase(), state.status(), state.createdAt(), state.updatedAt(), state.decisionsByOutcome(),
                state.toolCalls(), state.toolFailures(), state.budgetAllocated(), state.budgetConsumed(),
                state.lastEvent(), state.eventCount(), Map.of());
    }

    private record Folded(Map<String, PlanState> states, PlanIndex plansOfRoot) {
    }

    private static Folded fold(List<DomainEvent> events, ProjectionsDriver driver) {
        try (ProjectionsDriver projections = driver) {
            events.forEach(projections::pipe);
            Map<String, PlanState> states = new TreeMap<>();
            for (String plan : PLANS) {
                PlanState state = projections.state(plan);
                if (state != null) {
                    states.put(plan, withoutOffsets(state));
                }
            }
            return new Folded(states, projections.plansOfRoot("root"));
        }
    }

    @Provide
    Arbitrary<List<DomainEvent>> eventSets() {
        Arbitrary<DomainEvent> event = Combinators.combine(
                Arbitraries.of(PLANS),
                Arbitraries.of(TYPES),
                Arbitraries.longs().between(0, 5),
                Arbitraries.of("planning", "executing", "reviewing"),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000).map(Object.class::cast),
                        Arbitraries.doubles().between(0, 100).ofScale(3).map(Object.class::cast)),
                Arbitraries.integers().between(0, Integer.MAX_VALUE)
        ).as((plan, type, seconds, phase, amount, n) -> {
            DomainEvent.Builder builder = TestEvents.plan(type, plan, seconds, n);
            if (!plan.equals("root") || type != EventType.PLAN_CREATED) {
                builder.rootPlanId("root");
            }
            switch (type) {
                case PLAN_CREATED -> {
                    if (!plan.equals("root")) {
                        builder.detail("parent_plan_id", plan.equals("grandchild") ? "child-a" : "root");
                    }
                }
                case PLAN_PHASE_CHANGED -> builder.detail("to_phase", phase);
                case BUDGET_ALLOCATED, BUDGET_CONSUMED -> builder.detail("amount", amount);
                default -> {
                }
            }
            return builder.build();
        });
        return event.list().ofMinSize(1).ofMaxSize(40).uniqueElements(DomainEvent::eventId);
    }
}
