package io.agentevents.platform.demo;

import io.agentevents.api.Delivery;
import io.agentevents.producer.EventBus;
import io.agentevents.producer.examples.AgentIdentity;
import io.agentevents.producer.examples.Decision;
import io.agentevents.producer.examples.DecisionService;
import io.agentevents.producer.examples.Plan;
import io.agentevents.producer.examples.PlanLifecycleService;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.context.Scope;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each demo role does with an event: the planner's plan trees, the decider's decisions, the tool
 * runner's tool calls. Plans are created and moved through phases by the producer's
 * {@link PlanLifecycleService} and decisions recorded by its {@link DecisionService}; the events they
 * have no method for (budget, start, outcome, tool calls) are built here with the same identity and
 * causation. Every event is emitted and acknowledged before it is counted. Thread-safe; a handler
 * that throws is retried by the subscriber.
 */
final class AgentBehaviour {
    private static final String EXECUTING = "executing";

    private final AgentIdentity identity;
    private final EventBus bus;
    private final PlanLifecycleService plans;
    private final DecisionService decisions;
    private final EmittedCounts counts;
    private final AtomicLong retried = new AtomicLong();
    private final PlanTraces traces = new PlanTraces(GlobalOpenTelemetry.get());

    AgentBehaviour(String run, String agentName, EventBus bus, EmittedCounts counts) {
        this.identity = AgentIdentity.of("/demo/" + run + "/" + agentName).withProjectName(run);
        this.bus = new CountingEventBus(bus, counts);
        this.plans = new PlanLifecycleService(this.bus, identity);
        this.decisions = new DecisionService(this.bus, identity);
        this.counts = counts;
    }

    long retried() {
        return retried.get();
    }

    /** Planner: a root plan and its sub-plan, each created, funded, started and moved to executing. */
    void createTree(String root) {
        try (Scope trace = traces.begin(root)) { // one trace per plan tree: the other agents' reactions join it
            Plan started = start(plans.createPlan(root, "demo goal " + root), 10L);
            start(plans.createSubPlan(started, DemoPlans.childOf(root), "sub-task of " + root), 4.5);
        }
        pause(20, 60);
    }

    private Plan start(Plan plan, Object budget) {
        emit(follow(EventType.BUDGET_ALLOCATED, plan.lastEvent()).detail("amount", budget));
        emit(follow(EventType.PLAN_STARTED, plan.lastEvent()));
        return plans.changePhase(plan, EXECUTING);
    }

    /**
     * Planner: closes the plan on the outcome {@code event} reports, once (a redelivered outcome is
     * ignored).
     *
     * @return the status given, or empty when the plan was already closed
     */
    Optional<String> close(DomainEvent event, Map<String, String> closed) {
        String planId = event.planId();
        if (closed.containsKey(planId)) {
            return Optional.empty();
        }
        String status;
        switch (event.type()) {
            case TOOL_SUCCEEDED -> {
                emit(follow(EventType.PLAN_PHASE_CHANGED, event).detail("from_phase", EXECUTING).detail("to_phase", "reviewing"));
                emit(follow(EventType.PLAN_COMPLETED, event));
                status = "completed";
            }
            case TOOL_FAILED -> {
                emit(follow(EventType.PLAN_FAILED, event).detail("reason", event.details().getOrDefault("error", "tool failed")));
                status = "failed";
            }
            case DECISION_REJECTED -> {
                emit(follow(EventType.PLAN_CANCELLED, event).detail("reason", "decision rejected"));
                status = "cancelled";
            }
            default -> {
                return Optional.empty();
            }
        }
        counts.finished(planId, status);
        closed.put(planId, status);
        return Optional.of(status);
    }

    /** Decider: a decision for a plan entering {@code executing}, approved or rejected. */
    void decide(DomainEvent phaseChanged) {
        pause(10, 40);
        boolean reject = DemoPlans.rejected(phaseChanged.planId());
        String outcome = reject ? "rejected" : "approved";
        Plan plan = new Plan(phaseChanged.planId(), phaseChanged.rootPlanId() == null ? phaseChanged.planId()
                : phaseChanged.rootPlanId(), null, "", EXECUTING, phaseChanged);
        Decision decision = decisions.recordDecision(plan, "run the tool for " + phaseChanged.planId() + "?", outcome);
        emit(follow(reject ? EventType.DECISION_REJECTED : EventType.DECISION_APPROVED, decision.event())
                .detail("decision_id", decision.decisionId()).detail("confidence", reject ? 0.35 : 0.9));
    }

    /** Tool runner: a tool call for an approved decision; some fail, some hit a passing error first. */
    void runTool(DomainEvent approved, Delivery delivery) throws TransientToolError {
        String planId = approved.planId();
        if (DemoPlans.passingErrorFirst(planId) && delivery.attempt() == 1) {
            retried.incrementAndGet();
            throw new TransientToolError("sandbox for " + planId + " not ready (passing error; the subscriber retries)");
        }
        DomainEvent invoked = emit(follow(EventType.TOOL_INVOKED, approved).detail("tool", "search")
                .detail("args", Map.of("query", "demo " + planId, "limit", 5L)));
        pause(20, 60);
        emit(follow(EventType.BUDGET_CONSUMED, invoked).detail("amount", 1.25));
        if (DemoPlans.toolFails(planId)) {
            emit(follow(EventType.TOOL_FAILED, invoked).detail("tool", "search").detail("error", "upstream timed out"));
        } else {
            emit(follow(EventType.TOOL_SUCCEEDED, invoked).detail("tool", "search").detail("results", 3L));
        }
    }

    /** An event of this agent about the same plan as {@code cause}, in its correlation, caused by it. */
    private DomainEvent.Builder follow(EventType type, DomainEvent cause) {
        return DomainEvent.builder(type).source(identity.source()).projectName(identity.projectName())
                .planId(cause.planId()).rootPlanId(cause.rootPlanId()).causedBy(cause);
    }

    private DomainEvent emit(DomainEvent.Builder builder) {
        DomainEvent event = builder.build();
        bus.emitAndWait(event);
        return event;
    }

    private static void pause(int minMillis, int maxMillis) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A passing failure of a tool: the subscriber retries the event. */
    static final class TransientToolError extends Exception {
        private static final long serialVersionUID = 1L;

        TransientToolError(String message) {
            super(message);
        }
    }
}
