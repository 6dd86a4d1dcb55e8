package io.agentevents.producer.examples;

import io.agentevents.producer.EmitException;
import io.agentevents.producer.inprocess.InMemoryEventBus;
import io.agentevents.producer.inprocess.InMemoryEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PlanLifecycleServiceTest {
    private static final AgentIdentity PLANNER = AgentIdentity.of("/agents/planner-1")
            .withActorName("planner-1").withSessionId("session-7").withProjectName("apollo");

    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final PlanLifecycleService plans = new PlanLifecycleService(bus, PLANNER);
    /** A bus whose emits wait until the test completes or fails them. */
    private final InMemoryEventBus manual = new InMemoryEventBus(InMemoryEventBusConfig.defaults().withAutoComplete(false));

    @AfterEach
    void closeBus() {
        bus.close();
        manual.close();
    }

    @Test
    void createsATopLevelPlanAndEmitsPlanCreated() {
        Plan plan = plans.createPlan("plan-1", "write the report");

        DomainEvent created = single(EventType.PLAN_CREATED);
        assertThat(plan.planId()).isEqualTo("plan-1");
        assertThat(plan.rootPlanId()).isEqualTo("plan-1");
        assertThat(plan.isRoot()).isTrue();
        assertThat(plan.phase()).isEqualTo(Plan.INITIAL_PHASE);
        assertThat(plan.lastEvent()).isEqualTo(created);
        assertThat(created.planId()).isEqualTo("plan-1");
        assertThat(created.rootPlanId()).isEqualTo("plan-1");
        assertThat(created.causationId()).isNull();
        assertThat(created.source()).isEqualTo("/agents/planner-1");
        assertThat(created.actorName()).isEqualTo("planner-1");
        assertThat(created.sessionId()).isEqualTo("session-7");
        assertThat(created.projectName()).isEqualTo("apollo");
        assertThat(created.details()).isEqualTo(Map.of("goal", "write the report", "phase", "planning"));
        assertThat(plan.correlationId()).isEqualTo(created.correlationId());
    }

    @Test
    void createsAPlanInAnotherTree() {
        Plan plan = plans.createPlan("plan-9", "plan-1", "sub task");

        assertThat(plan.rootPlanId()).isEqualTo("plan-1");
        assertThat(single(EventType.PLAN_CREATED).rootPlanId()).isEqualTo("plan-1");
    }

    @Test
    void aSubPlanSharesTheRootAndCorrelationAndIsCausedByItsParent() {
        Plan parent = plans.createPlan("plan-1", "ship the release");
        Plan executing = plans.changePhase(parent, "executing");

        Plan child = plans.createSubPlan(executing, "plan-1.1", "run the tests");

        DomainEvent created = bus.emitted(EventType.PLAN_CREATED).get(1);
        assertThat(child.rootPlanId()).isEqualTo("plan-1");
        assertThat(child.parentPlanId()).isEqualTo("plan-1");
        assertThat(child.isRoot()).isFalse();
        assertThat(created.correlationId()).isEqualTo(parent.correlationId());
        assertThat(created.causationId()).isEqualTo(executing.lastEvent().eventId());
        assertThat(created.rootPlanId()).isEqualTo("plan-1");
        assertThat(created.details()).containsEntry("parent_plan_id", "plan-1").containsEntry("goal", "run the tests");
        assertThatThrownBy(() -> plans.createSubPlan(parent, "plan-1", "same id"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plan-1");
    }

    @Test
    void changesPhaseWithFromAndToCarryingTheCorrelation() {
        Plan plan = plans.createPlan("plan-1", "write the report");

        Plan executing = plans.changePhase(plan, "executing");
        Plan reviewing = plans.changePhase(executing, "reviewing");

        assertThat(bus.emitted(EventType.PLAN_PHASE_CHANGED)).satisfiesExactly(
                first -> {
                    assertThat(first.details()).isEqualTo(Map.of("from_phase", "planning", "to_phase", "executing"));
                    assertThat(first.causationId()).isEqualTo(plan.lastEvent().eventId());
                    assertThat(first.correlationId()).isEqualTo(plan.correlationId());
                    assertThat(first.planId()).isEqualTo("plan-1");
                    assertThat(first.rootPlanId()).isEqualTo("plan-1");
                },
                second -> {
                    assertThat(second.details()).isEqualTo(Map.of("from_phase", "executing", "to_phase", "reviewing"));
                    assertThat(second.causationId()).isEqualTo(executing.lastEvent().eventId());
                    assertThat(second.correlationId()).isEqualTo(plan.correlationId());
                });
        assertThat(reviewing.phase()).isEqualTo("reviewing");
        assertThat(plan.phase()).as("plans are immutable").isEqualTo("planning");
        assertThat(bus.emitted()).extracting(DomainEvent::type)
                .containsExactly(EventType.PLAN_CREATED, EventType.PLAN_PHASE_CHANGED, EventType.PLAN_PHASE_CHANGED);
    }

    @Test
    void refusesBadArguments() {
        Plan plan = plans.createPlan("plan-1", "goal");

        assertThatThrownBy(() -> plans.changePhase(plan, "planning"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already in phase 'planning'");
        assertThatThrownBy(() -> plans.createPlan(" ", "goal"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("planId");
        assertThatThrownBy(() -> plans.createPlan("plan-2", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("goal");
        assertThatThrownBy(() -> new PlanLifecycleService(null, PLANNER))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("bus");
        assertThat(bus.emitted()).hasSize(1);
    }

    @Test
    void aFailedEmitIsThrownAndYieldsNoNewPlanState() {
        Plan plan = plans.createPlan("plan-1", "goal");
        bus.close();

        assertThatThrownBy(() -> plans.changePhase(plan, "executing"))
                .isInstanceOf(EmitException.class).hasMessageContaining("closed");
    }

    @Test
    void whenTheBrokerTimesOutTheServiceThrowsARetriableEmitExceptionAndNothingIsEmitted() {
        CompletableFuture<Plan> creating = createPlanOnTheManualBus();

        manual.failNext(new TimeoutException("Expiring 1 record(s) for events.plan-0"));

        assertThatThrownBy(creating::join).cause().isInstanceOfSatisfying(EmitException.class,
                e -> assertThat(e.retriable()).isTrue()).hasMessageContaining("(plan.created) not emitted");
        assertThat(manual.emitted()).isEmpty();
    }

    @Test
    void theServiceWaitsForItsEventToLandBeforeItReturnsThePlan() {
        CompletableFuture<Plan> creating = createPlanOnTheManualBus();
        assertThat(creating).isNotDone();

        manual.completeNext();

        assertThat(creating.join().lastEvent()).isEqualTo(manual.emitted().get(0));
    }

    /** Starts creating a plan on a bus whose emits wait for the test, and returns once its emit waits. */
    private CompletableFuture<Plan> createPlanOnTheManualBus() {
        PlanLifecycleService service = new PlanLifecycleService(manual, PLANNER);
        CompletableFuture<Plan> creating = CompletableFuture.supplyAsync(() -> service.createPlan("plan-1", "goal"));
        await().atMost(Duration.ofSeconds(10)).until(() -> manual.pending().size() == 1);
        return creating;
    }

    @Test
    void worksWithoutABus() {
        PlanLifecycleService standalone = PlanLifecycleService.withoutBus(AgentIdentity.of("offline"));

        Plan plan = standalone.createPlan("plan-1", "goal");
        Plan executing = standalone.changePhase(plan, "executing");
        Plan child = standalone.createSubPlan(executing, "plan-1.1", "child goal");

        assertThat(standalone.bus()).isEmpty();
        assertThat(executing.phase()).isEqualTo("executing");
        assertThat(executing.lastEvent().type()).isEqualTo(EventType.PLAN_PHASE_CHANGED);
        assertThat(executing.lastEvent().causationId()).isEqualTo(plan.lastEvent().eventId());
        assertThat(child.correlationId()).isEqualTo(plan.correlationId());
        assertThat(bus.emitted()).isEmpty();
    }

    private DomainEvent single(EventType type) {
        assertThat(bus.emitted(type)).hasSize(1);
        return bus.emitted(type).get(0);
    }
}
