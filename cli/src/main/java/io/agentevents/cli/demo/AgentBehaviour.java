package io.agentevents.cli.demo;

import io.agentevents.api.Delivery;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each demo role does with an event: the planner's plan trees, the decider's decisions, the tool
 * runner's tool calls. Every event is emitted and acknowledged before it is counted. Thread-safe; a
 * handler that throws is retried by the subscriber.
 */
final class AgentBehaviour {
    private final String run;
    private final String source;
    private final KafkaEventBus bus;
    private final EmittedCounts counts;
    private final AtomicLong retried = new AtomicLong();

    AgentBehaviour(String run, String agentName, KafkaEventBus bus, EmittedCounts counts) {
        this.run = run;
        this.source = "/demo/" + run + "/" + agentName;
        this.bus = bus;
        this.counts = counts;
    }

    long retried() {
        return retried.get();
    }

    /** Planner: a root plan and its sub-plan, each created, funded, started and moved to executing. */
    void createTree(String root) {
        DomainEvent created = emit(event(EventType.PLAN_CREATED, root, root, null, DomainEvent.newId())
                .detail("goal", "demo goal " + root));
        String correlation = created.correlationId();
        startPlan(created, root, 10L);
        DomainEvent child = emit(event(EventType.PLAN_CREATED, DemoPlans.childOf(root), root, created, correlation)
                .detail("parent_plan_id", root).detail("goal", "sub-task of " + root));
        startPlan(child, DemoPlans.childOf(root), 4.5);
        pause(20, 60);
    }

    private void startPlan(DomainEvent created, String planId, Object budget) {
        emit(event(EventType.BUDGET_ALLOCATED, planId, created.rootPlanId(), created, created.correlationId())
                .detail("amount", budget));
        emit(event(EventType.PLAN_STARTED, planId, created.rootPlanId(), created, created.correlationId()));
        emit(event(EventType.PLAN_PHASE_CHANGED, planId, created.rootPlanId(), created, created.correlationId())
                .detail("from_phase", "planning").detail("to_phase", "executing"));
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
                emit(follow(EventType.PLAN_PHASE_CHANGED, event).detail("from_phase", "executing").detail("to_phase", "reviewing"));
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
        String decisionId = DomainEvent.newId();
        DomainEvent created = emit(follow(EventType.DECISION_CREATED, phaseChanged).detail("decision_id", decisionId)
                .detail("question", "run the tool for " + phaseChanged.planId() + "?"));
        boolean reject = DemoPlans.rejected(phaseChanged.planId());
        emit(follow(reject ? EventType.DECISION_REJECTED : EventType.DECISION_APPROVED, created)
                .detail("decision_id", decisionId).detail("confidence", reject ? 0.35 : 0.9));
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

    private DomainEvent.Builder event(EventType type, String planId, String rootPlanId, DomainEvent cause, String correlationId) {
        DomainEvent.Builder builder = DomainEvent.builder(type).source(source).projectName(run).planId(planId)
                .rootPlanId(rootPlanId).correlationId(correlationId);
        return cause == null ? builder : builder.causedBy(cause);
    }

    /** An event about the same plan as {@code cause}, caused by it. */
    private DomainEvent.Builder follow(EventType type, DomainEvent cause) {
        return event(type, cause.planId(), cause.rootPlanId(), cause, cause.correlationId());
    }

    private DomainEvent emit(DomainEvent.Builder builder) {
        DomainEvent event = builder.build();
        bus.emitAndWait(event);
        counts.emitted(event);
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
        TransientToolError(String message) {
            super(message);
        }
    }
}
