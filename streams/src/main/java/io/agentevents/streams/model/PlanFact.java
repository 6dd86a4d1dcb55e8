package io.agentevents.streams.model;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What one event tells its own plan's fold: the few fields {@link PlanFold} reads, taken from the
 * event once, so the fold (and the internal topic that carries facts to it) need not hold the
 * whole event. Immutable.
 *
 * @param eventId      the event's id
 * @param type         the event's type
 * @param timestamp    when it happened
 * @param rootPlanId   the event's {@code root_plan_id}, or null
 * @param parentPlanId for {@code plan.created}: detail {@code parent_plan_id} when a non-blank
 *                     string; else null
 * @param toPhase      for {@code plan.phase_changed}: detail {@code to_phase} when a string; else null
 * @param amount       for {@code budget.allocated} / {@code budget.consumed}: detail {@code amount}
 *                     as an exact decimal (a long, or a finite double; zero otherwise); else null
 */
public record PlanFact(String eventId, EventType type, Instant timestamp, String rootPlanId, String parentPlanId,
                       String toPhase, BigDecimal amount) {

    /** Requires the event id, type and timestamp. */
    public PlanFact {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The facts {@code event} carries for its own plan. */
    public static PlanFact of(DomainEvent event) {
        Objects.requireNonNull(event, "event");
        EventType type = event.type();
        String toPhase = type == EventType.PLAN_PHASE_CHANGED && event.details().get(PlanFold.TO_PHASE) instanceof String to
                ? to : null;
        BigDecimal amount = type == EventType.BUDGET_ALLOCATED || type == EventType.BUDGET_CONSUMED ? amountOf(event) : null;
        return new PlanFact(event.eventId(), type, event.timestamp(), event.rootPlanId(), parentOf(event), toPhase, amount);
    }

    /**
     * The parent plan a {@code plan.created} event names in its {@code parent_plan_id} detail: a
     * non-blank string; null for other events. The topology routes such an event to its parent too.
     */
    public static String parentOf(DomainEvent event) {
        Objects.requireNonNull(event, "event");
        if (event.type() != EventType.PLAN_CREATED || event.planId() == null) {
            return null;
        }
        return event.details().get(PlanFold.PARENT_PLAN_ID) instanceof String parentId && !parentId.isBlank()
                ? parentId : null;
    }

    private static BigDecimal amountOf(DomainEvent event) {
        Object amount = event.details().get(PlanFold.AMOUNT);
        if (amount instanceof Long whole) {
            return BigDecimal.valueOf(whole);
        }
        if (amount instanceof Double number && Double.isFinite(number)) {
            return BigDecimal.valueOf(number);
        }
        return BigDecimal.ZERO;
    }
}
