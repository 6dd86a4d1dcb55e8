package io.agentevents.reliability;

import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Test helper for the projection scenarios: every acknowledged event per plan, with the source
 * partition and offset it landed at, and the test's own fold of them, independent of the
 * projections' code: what {@code GET /plans/{id}} must show. Thread-safe (one lock).
 */
final class PlanLedger {
    private static final EventType[] RANDOM_TYPES = {EventType.TOOL_INVOKED, EventType.TOOL_INVOKED,
            EventType.TOOL_INVOKED, EventType.TOOL_FAILED, EventType.DECISION_CREATED, EventType.DECISION_CREATED,
            EventType.DECISION_APPROVED, EventType.DECISION_REJECTED, EventType.DECISION_SUPERSEDED,
            EventType.BUDGET_ALLOCATED, EventType.BUDGET_CONSUMED, EventType.BUDGET_CONSUMED};

    /** One acknowledged event and where it landed ({@code "topic-partition"}, offset). */
    private record Landed(DomainEvent event, String partition, long offset) {
    }

    private final List<String> plans;
    private final Map<String, List<Landed>> byPlan = new LinkedHashMap<>();
    private long acknowledged;

    PlanLedger(List<String> plans) {
        this.plans = List.copyOf(plans);
        plans.forEach(plan -> byPlan.put(plan, new ArrayList<>()));
    }

    /** Plans {@code plan-0 .. plan-(count-1)}. */
    static PlanLedger ofPlans(int count) {
        List<String> plans = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            plans.add("plan-" + p);
        }
        return new PlanLedger(plans);
    }

    List<String> plans() {
        return plans;
    }

    /** The query API's answers for every plan, as {@link #compareWith(String)} finds them. */
    record Comparison(long found, long extra, long missing, Map<String, List<String>> differences) {
    }

    /**
     * Reads every plan from the query API at {@code url} and compares it with the fold of the events
     * emitted so far: events counted ({@code found}), counted beyond the fold ({@code extra}, counted
     * twice), missing from it, and the differences per plan (a status other than 200 is one).
     */
    Comparison compareWith(String url) {
        Map<String, List<String>> differences = new TreeMap<>();
        long found = 0;
        long extra = 0;
        long missing = 0;
        for (String plan : plans) {
            QueryApi.Answer answer = QueryApi.get(url + "/plans/" + plan);
            JsonNode state = answer.body().path("plan");
            long count = state.path("eventCount").asLong(0);
            Expected want = fold(plan);
            found += count;
            extra += Math.max(0, count - want.events());
            missing += Math.max(0, want.events() - count);
            List<String> diff = answer.status() == 200 ? want.differences(state)
                    : List.of("status " + answer.status() + ": " + answer.body());
            if (!diff.isEmpty()) {
                differences.put(plan, diff);
            }
        }
        return new Comparison(found, extra, missing, differences);
    }

    /** Events acknowledged so far. */
    synchronized long acknowledged() {
        return acknowledged;
    }

    /** A {@code plan.created} for each plan, with the plan as its own root. */
    List<DomainEvent> creations() {
        return plans.stream().map(plan -> DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(plan)
                .rootPlanId(plan).build()).toList();
    }

    /** Tool calls and failures, decisions of every outcome and budget amounts, over random plans. */
    List<DomainEvent> randomEvents(int count, Random random, String source) {
        List<DomainEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String plan = plans.get(random.nextInt(plans.size()));
            EventType type = RANDOM_TYPES[random.nextInt(RANDOM_TYPES.length)];
            DomainEvent.Builder builder = DomainEvent.builder(type).source(source).planId(plan).rootPlanId(plan);
            if (type == EventType.BUDGET_ALLOCATED || type == EventType.BUDGET_CONSUMED) {
                builder.detail("amount", (1 + random.nextInt(40)) / 20.0);
            }
            events.add(builder.build());
        }
        return events;
    }

    /** Emits, waits for every acknowledgement and records each event where it landed; returns the count. */
    int emit(KafkaEventBus bus, List<DomainEvent> events) {
        List<CompletableFuture<EmitResult>> sent = new ArrayList<>();
        for (DomainEvent event : events) {
            sent.add(bus.emit(event));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        synchronized (this) {
            for (int i = 0; i < events.size(); i++) {
                EmitResult landed = sent.get(i).join();
                DomainEvent event = events.get(i);
                byPlan.get(event.planId()).add(new Landed(event, landed.topic() + "-" + landed.partition(), landed.offset()));
            }
            acknowledged += events.size();
        }
        return events.size();
    }

    /** The fold of every acknowledged event of the plan. */
    synchronized Expected fold(String plan) {
        Expected expected = new Expected();
        byPlan.get(plan).forEach(landed -> expected.add(landed.event()));
        return expected;
    }

    /**
     * The fold of exactly the plan's events at or below the given offset of their source partition
     * ({@code "topic-partition" -> offset}, as a plan's {@code inputOffsets}); a partition not named
     * contributes nothing. Events of one source partition reach the plan's owner in offset order, so
     * a consistent plan state equals this fold of its own {@code inputOffsets}.
     */
    synchronized Expected foldUpTo(String plan, Map<String, Long> offsets) {
        Expected expected = new Expected();
        byPlan.get(plan).stream().filter(landed -> landed.offset() <= offsets.getOrDefault(landed.partition(), -1L))
                .forEach(landed -> expected.add(landed.event()));
        return expected;
    }

    /** A plan state's {@code inputOffsets} as a map. */
    static Map<String, Long> inputOffsets(JsonNode plan) {
        Map<String, Long> offsets = new HashMap<>();
        plan.path("inputOffsets").fields().forEachRemaining(field -> offsets.put(field.getKey(), field.getValue().asLong()));
        return offsets;
    }

    /** The test's own fold of one plan: what the projection must show. Not thread-safe. */
    static final class Expected {
        private long events;
        private long toolCalls;
        private long toolFailures;
        private final Map<String, Long> decisions = new TreeMap<>(Map.of("created", 0L, "approved", 0L, "rejected", 0L,
                "superseded", 0L));
        private BigDecimal allocated = BigDecimal.ZERO;
        private BigDecimal consumed = BigDecimal.ZERO;

        long events() {
            return events;
        }

        void add(DomainEvent event) {
            events++;
            switch (event.type()) {
                case TOOL_INVOKED -> toolCalls++;
                case TOOL_FAILED -> toolFailures++;
                case DECISION_CREATED -> decisions.merge("created", 1L, Long::sum);
                case DECISION_APPROVED -> decisions.merge("approved", 1L, Long::sum);
                case DECISION_REJECTED -> decisions.merge("rejected", 1L, Long::sum);
                case DECISION_SUPERSEDED -> decisions.merge("superseded", 1L, Long::sum);
                case BUDGET_ALLOCATED -> allocated = allocated.add(BigDecimal.valueOf((Double) event.details().get("amount")));
                case BUDGET_CONSUMED -> consumed = consumed.add(BigDecimal.valueOf((Double) event.details().get("amount")));
                default -> { }
            }
        }

        /** The differences from a plan's JSON state, empty when it matches. */
        List<String> differences(JsonNode plan) {
            List<String> differences = new ArrayList<>();
            compare(differences, "eventCount", events, plan.path("eventCount").asLong(-1));
            compare(differences, "toolCalls", toolCalls, plan.path("toolCalls").asLong(-1));
            compare(differences, "toolFailures", toolFailures, plan.path("toolFailures").asLong(-1));
            decisions.forEach((outcome, count) ->
                    compare(differences, "decisions." + outcome, count, plan.path("decisionsByOutcome").path(outcome).asLong(-1)));
            if (allocated.doubleValue() != plan.path("budgetAllocated").asDouble(Double.NaN)) {
                differences.add("budgetAllocated " + plan.path("budgetAllocated") + " != " + allocated);
            }
            if (consumed.doubleValue() != plan.path("budgetConsumed").asDouble(Double.NaN)) {
                differences.add("budgetConsumed " + plan.path("budgetConsumed") + " != " + consumed);
            }
            return differences;
        }

        private static void compare(List<String> differences, String field, long expected, long actual) {
            if (expected != actual) {
                differences.add(field + " " + actual + " != " + expected);
            }
        }
    }
}
