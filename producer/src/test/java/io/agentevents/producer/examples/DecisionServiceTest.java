package io.agentevents.producer.examples;

import io.agentevents.producer.EmitException;
import io.agentevents.producer.inprocess.InMemoryEventBus;
import io.agentevents.producer.inprocess.InMemoryEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DecisionServiceTest {
    private static final AgentIdentity REVIEWER = AgentIdentity.of("/agents/reviewer-1").withActorName("reviewer-1");

    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final PlanLifecycleService plans = new PlanLifecycleService(bus, AgentIdentity.of("/agents/planner-1"));
    private final DecisionService decisions = new DecisionService(bus, REVIEWER);

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void recordsADecisionAboutAPlanInItsCorrelation() {
        Plan plan = plans.changePhase(plans.createPlan("plan-1", "choose a database"), "deciding");

        Decision decision = decisions.recordDecision(plan, "which database?", "postgres", "we know it");

        DomainEvent created = bus.emitted(EventType.DECISION_CREATED).get(0);
        assertThat(decision.event()).isEqualTo(created);
        assertThat(decision.planId()).isEqualTo("plan-1");
        assertThat(decision.decisionId()).hasSize(26);
        assertThat(created.planId()).isEqualTo("plan-1");
        assertThat(created.rootPlanId()).isEqualTo("plan-1");
        assertThat(created.correlationId()).isEqualTo(plan.correlationId());
        assertThat(created.causationId()).isEqualTo(plan.lastEvent().eventId());
        assertThat(created.source()).isEqualTo("/agents/reviewer-1");
        assertThat(created.actorName()).isEqualTo("reviewer-1");
        assertThat(created.details()).isEqualTo(Map.of("decision_id", decision.decisionId(),
                "question", "which database?", "outcome", "postgres", "rationale", "we know it"));
    }

    @Test
    void recordsADecisionWithoutRationaleOrAboutABarePlanId() {
        Plan plan = plans.createPlan("plan-1", "goal");

        Decision aboutPlan = decisions.recordDecision(plan, "go?", "yes");
        Decision bare = decisions.recordDecision("plan-7", "stop?", "no");

        assertThat(aboutPlan.event().details()).doesNotContainKey("rationale");
        assertThat(aboutPlan.rationale()).isNull();
        assertThat(bare.event().planId()).isEqualTo("plan-7");
        assertThat(bare.event().rootPlanId()).isNull();
        assertThat(bare.event().causationId()).isNull();
        assertThat(bare.event().correlationId()).isNotEqualTo(plan.correlationId());
        assertThat(bare.decisionId()).isNotEqualTo(aboutPlan.decisionId());
        assertThat(bus.emitted(EventType.DECISION_CREATED)).containsExactly(aboutPlan.event(), bare.event());
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> decisions.recordDecision("plan-1", "", "yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("question");
        assertThatThrownBy(() -> decisions.recordDecision("plan-1", "go?", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("outcome");
        assertThatThrownBy(() -> decisions.recordDecision((Plan) null, "go?", "yes"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("plan");
        assertThat(bus.emitted()).isEmpty();
    }

    @Test
    void aDecisionWhoseEmitIsRefusedIsNotRecordedWhileAnotherOneLands() {
        try (InMemoryEventBus manual = new InMemoryEventBus(InMemoryEventBusConfig.defaults().withAutoComplete(false))) {
            DecisionService service = new DecisionService(manual, REVIEWER);
            CompletableFuture<Decision> refused = CompletableFuture.supplyAsync(() -> service.recordDecision("plan-1", "go?", "yes"));
            await().atMost(Duration.ofSeconds(10)).until(() -> manual.pending().size() == 1);
            CompletableFuture<Decision> recorded = CompletableFuture.supplyAsync(() -> service.recordDecision("plan-2", "stop?", "no"));
            await().atMost(Duration.ofSeconds(10)).until(() -> manual.pending().size() == 2);

            manual.failNext(new SerializationException("Schema being registered is incompatible with an earlier schema"));
            manual.completeNext();

            assertThatThrownBy(refused::join).cause().isInstanceOfSatisfying(EmitException.class,
                    e -> assertThat(e.retriable()).as("a refused schema does not go away by retrying").isFalse());
            assertThat(recorded.join().planId()).isEqualTo("plan-2");
            assertThat(manual.emitted()).extracting(DomainEvent::planId).containsExactly("plan-2");
        }
    }

    @Test
    void worksWithoutABus() {
        DecisionService standalone = DecisionService.withoutBus(REVIEWER);
        Plan plan = PlanLifecycleService.withoutBus(AgentIdentity.of("offline")).createPlan("plan-1", "goal");

        Decision decision = standalone.recordDecision(plan, "go?", "yes");

        assertThat(standalone.bus()).isEmpty();
        assertThat(decision.event().type()).isEqualTo(EventType.DECISION_CREATED);
        assertThat(decision.event().correlationId()).isEqualTo(plan.correlationId());
        assertThat(bus.emitted()).isEmpty();
    }
}
