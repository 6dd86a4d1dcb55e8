package io.agentevents.platform.demo;

import io.agentevents.schemas.DomainEvent;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an agent emitted, per plan: events by wire type, budget amounts, and (for planners) the
 * final status it gave each plan. Counted only once Kafka acknowledged the event. Thread-safe.
 */
final class EmittedCounts {
    private final ConcurrentMap<String, ConcurrentMap<String, AtomicLong>> byPlan = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, BigDecimal> allocated = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, BigDecimal> consumed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> finalStatus = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    /** Records an acknowledged event. */
    void emitted(DomainEvent event) {
        total.incrementAndGet();
        if (event.planId() == null) {
            return;
        }
        byPlan.computeIfAbsent(event.planId(), plan -> new ConcurrentHashMap<>())
                .computeIfAbsent(event.type().wireName(), type -> new AtomicLong()).incrementAndGet();
        if (event.details().get("amount") instanceof Number amount) {
            BigDecimal value = new BigDecimal(amount.toString());
            switch (event.type()) {
                case BUDGET_ALLOCATED -> allocated.merge(event.planId(), value, BigDecimal::add);
                case BUDGET_CONSUMED -> consumed.merge(event.planId(), value, BigDecimal::add);
                default -> {
                }
            }
        }
    }

    void finished(String planId, String status) {
        finalStatus.put(planId, status);
    }

    long total() {
        return total.get();
    }

    /** The counts as plain data: {@code {planId: {"types": {...}, "allocated": x, "consumed": y, "status": s}}}. */
    Map<String, Object> toMap() {
        Map<String, Object> plans = new TreeMap<>();
        byPlan.forEach((planId, types) -> {
            Map<String, Object> plan = new TreeMap<>();
            Map<String, Long> counts = new TreeMap<>();
            types.forEach((type, count) -> counts.put(type, count.get()));
            plan.put("types", counts);
            plan.put("allocated", allocated.getOrDefault(planId, BigDecimal.ZERO).doubleValue());
            plan.put("consumed", consumed.getOrDefault(planId, BigDecimal.ZERO).doubleValue());
            if (finalStatus.containsKey(planId)) {
                plan.put("status", finalStatus.get(planId));
            }
            plans.put(planId, plan);
        });
        return plans;
    }
}
