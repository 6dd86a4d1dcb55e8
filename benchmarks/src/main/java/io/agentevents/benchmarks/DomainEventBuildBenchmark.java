package io.agentevents.benchmarks;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Map;

/**
 * Building one typical {@code plan.phase_changed} event with {@link DomainEvent#builder(EventType)}:
 * every id and name set, six details added one by one (two strings, a free-text reason, a number, a
 * list of four tool names and a nested map of four numbers), then {@link DomainEvent.Builder#build()},
 * which validates every field and deep-copies the details.
 *
 * <ul>
 *   <li>{@link #buildAsEmitted}: as an agent emits it: event id (a new monotonic ULID) and timestamp
 *       ({@code Instant.now()}) filled in by {@code build()}, the correlation and causation ids
 *       carried over from the event that caused it;</li>
 *   <li>{@link #buildAllGiven}: every field given, so only the builder and validation are measured.</li>
 * </ul>
 * The list and the nested map are prepared once, as an agent holds them already; {@code build()}
 * copies them anyway. Time per event in ns; bytes allocated per event with {@code -prof gc}.
 */
@State(Scope.Thread)
public class DomainEventBuildBenchmark extends PerEventBenchmark {

    private static final String PLAN_ID = "plan-incident-2025-06-01-0042-sub-3";

    private String reason;
    private List<Object> tools;
    private Map<String, Object> budget;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        Map<String, Object> details = TypicalEvents.phaseChangedDetails();
        reason = (String) details.get("reason");
        tools = (List<Object>) details.get("tools");
        budget = (Map<String, Object>) details.get("budget");
    }

    @Benchmark
    public DomainEvent buildAsEmitted() {
        return builder().build();
    }

    @Benchmark
    public DomainEvent buildAllGiven() {
        return builder()
                .eventId(TypicalEvents.EVENT_ID)
                .timestamp(TypicalEvents.TIMESTAMP)
                .build();
    }

    private DomainEvent.Builder builder() {
        return DomainEvent.builder(EventType.PLAN_PHASE_CHANGED)
                .correlationId(TypicalEvents.CORRELATION_ID)
                .causationId(TypicalEvents.CAUSATION_ID)
                .planId(PLAN_ID)
                .rootPlanId("plan-incident-2025-06-01-0042")
                .sessionId("session-7f3c9e21-b2d4-4a8e-9c61-3d5e7f9a1b2c")
                .actorName("planner-1")
                .projectName("incident-response")
                .source("agents/planner-1@host-a")
                .detail("from_phase", "planning")
                .detail("to_phase", "executing")
                .detail("reason", reason)
                .detail("step_count", 7L)
                .detail("tools", tools)
                .detail("budget", budget);
    }
}
