package io.agentevents.streams.model;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The stored aggregate of one plan (the value of the {@code plan-state} store): everything needed
 * to fold the plan's events in any order into a {@link PlanState}.
 *
 * <h2>Fold rules</h2>
 * Events are ordered, where an order matters, by (timestamp, event id): the <em>latest</em> event is
 * the greatest, the <em>earliest</em> the least. Every rule below is a minimum, maximum, set union,
 * or a sum over distinct events in exact arithmetic, so <b>the same set of events in any order gives
 * an equal fold and an equal state</b> (Kafka orders events only within a partition). Distinct: the
 * caller folds each event id once with {@link #add(PlanFact, SourcePosition)} and a copy of it again
 * only with {@link #addDuplicate(SourcePosition)} (the topology tells them apart by the plan's audit
 * trail). "The plan's events" are the events whose {@code plan_id} is this plan.
 * <ul>
 *   <li>{@code createdAt} / {@code updatedAt}: the least / greatest timestamp of the plan's events.</li>
 *   <li>{@code phase}: detail {@code to_phase} (a string) of the latest {@code plan.phase_changed}
 *       that carries one.</li>
 *   <li>{@code status}: a terminal status wins over any other whatever the arrival order: the latest of
 *       {@code plan.completed} ({@code completed}), {@code plan.failed} ({@code failed}) and
 *       {@code plan.cancelled} ({@code cancelled}). Without one, the latest of {@code plan.created}
 *       ({@code created}), {@code plan.started} ({@code running}), {@code plan.paused}
 *       ({@code paused}) and {@code plan.resumed} ({@code running}). Null before any of these.</li>
 *   <li>{@code rootPlanId}: {@code root_plan_id} of the earliest of the plan's events carrying one.</li>
 *   <li>{@code parentPlanId}: detail {@code parent_plan_id} (a non-blank string other than the plan
 *       itself) of the earliest of the plan's {@code plan.created} events carrying one.</li>
 *   <li>{@code childPlanIds}: the plan ids of {@code plan.created} events of <em>other</em> plans whose
 *       detail {@code parent_plan_id} is this plan ({@link #addChild}). Parent and children both come
 *       from {@code plan.created}, so the two views of the tree agree.</li>
 *   <li>{@code decisionsByOutcome}: counts of {@code decision.created}, {@code .approved},
 *       {@code .rejected}, {@code .superseded}, keyed {@code created}, {@code approved}, ...</li>
 *   <li>{@code toolCalls} / {@code toolFailures}: counts of {@code tool.invoked} / {@code tool.failed}.</li>
 *   <li>{@code budgetAllocated} / {@code budgetConsumed}: sums of detail {@code amount} (a long or a
 *       finite double; other values are ignored) over {@code budget.allocated} / {@code budget.consumed},
 *       kept as exact decimals (so the sum does not depend on the order of additions) and shown as
 *       doubles.</li>
 *   <li>{@code lastEvent}: the latest of the plan's events; {@code eventCount}: its distinct events.</li>
 *   <li>{@code inputOffsets}: per source {@code "topic-partition"}, the greatest offset of any event
 *       folded in, child facts and duplicates included (a reader waiting for its own event's offset
 *       sees it even when the event was a redelivered duplicate).</li>
 * </ul>
 *
 * <p>Immutable; every {@code add} is pure and returns this fold when nothing changes.
 *
 * @param planId          the plan
 * @param eventCount      distinct events of the plan folded in
 * @param createdAt       least timestamp of the plan's events, or null
 * @param updatedAt       greatest timestamp of the plan's events, or null
 * @param root            earliest event carrying {@code root_plan_id}; value: the root plan id
 * @param parent          earliest {@code plan.created} carrying {@code parent_plan_id}; value: the parent
 * @param childPlanIds    plans created under this one, sorted
 * @param phase           latest {@code plan.phase_changed} with a {@code to_phase}; value: the phase
 * @param activeStatus    latest non-terminal lifecycle event; value: the status
 * @param terminalStatus  latest terminal lifecycle event; value: the status
 * @param last            latest event; value: its wire type name
 * @param decisions       decision counts by outcome
 * @param toolCalls       {@code tool.invoked} count
 * @param toolFailures    {@code tool.failed} count
 * @param budgetAllocated exact sum of allocated amounts
 * @param budgetConsumed  exact sum of consumed amounts
 * @param inputOffsets    per source {@code "topic-partition"}, the highest offset folded in
 */
public record PlanFold(
        String planId,
        long eventCount,
        Instant createdAt,
        Instant updatedAt,
        Fact root,
        Fact parent,
        Set<String> childPlanIds,
        Fact phase,
        Fact activeStatus,
        Fact terminalStatus,
        Fact last,
        Map<String, Long> decisions,
        long toolCalls,
        long toolFailures,
        BigDecimal budgetAllocated,
        BigDecimal budgetConsumed,
        Map<String, Long> inputOffsets) {

    /** The detail of {@code plan.phase_changed} naming the new phase. */
    public static final String TO_PHASE = "to_phase";
    /** The detail of {@code plan.created} naming the parent plan. */
    public static final String PARENT_PLAN_ID = "parent_plan_id";
    /** The detail of {@code budget.allocated} / {@code budget.consumed} holding the amount. */
    public static final String AMOUNT = "amount";

    private static final Map<EventType, String> ACTIVE = new EnumMap<>(Map.of(
            EventType.PLAN_CREATED, "created", EventType.PLAN_STARTED, "running",
            EventType.PLAN_PAUSED, "paused", EventType.PLAN_RESUMED, "running"));
    private static final Map<EventType, String> TERMINAL = new EnumMap<>(Map.of(
            EventType.PLAN_COMPLETED, "completed", EventType.PLAN_FAILED, "failed",
            EventType.PLAN_CANCELLED, "cancelled"));
    private static final Map<EventType, String> DECISIONS = new EnumMap<>(Map.of(
            EventType.DECISION_CREATED, "created", EventType.DECISION_APPROVED, "approved",
            EventType.DECISION_REJECTED, "rejected", EventType.DECISION_SUPERSEDED, "superseded"));

    /** Requires the plan id; copies the collections into sorted, unmodifiable ones (null becomes empty). */
    public PlanFold {
        Objects.requireNonNull(planId, "planId");
        if (eventCount < 0) {
            throw new IllegalArgumentException("eventCount must not be negative, was " + eventCount);
        }
        childPlanIds = sortedSet(childPlanIds);
        SortedMap<String, Long> counts = new TreeMap<>();
        DECISIONS.values().forEach(outcome -> counts.put(outcome, 0L));
        if (decisions != null) {
            counts.putAll(decisions);
        }
        decisions = Collections.unmodifiableSortedMap(counts);
        budgetAllocated = budgetAllocated == null ? BigDecimal.ZERO : budgetAllocated;
        budgetConsumed = budgetConsumed == null ? BigDecimal.ZERO : budgetConsumed;
        inputOffsets = JsonValues.offsets(inputOffsets);
    }

    /** The fold of a plan no event has been folded into. */
    public static PlanFold empty(String planId) {
        return new PlanFold(planId, 0, null, null, null, null, Set.of(), null, null, null, null, Map.of(),
                0, 0, BigDecimal.ZERO, BigDecimal.ZERO, Map.of());
    }

    /**
     * This fold with {@code event}, read at {@code topic}/{@code partition}/{@code offset}, folded in
     * as a new event: one of the plan's own events ({@link #add(PlanFact, SourcePosition)}) or a
     * {@code plan.created} of a child plan naming this plan as its parent ({@link #addChild}). Any
     * other event changes nothing. This does not recognise an event folded before: the caller does.
     */
    public PlanFold add(DomainEvent event, String topic, int partition, long offset) {
        Objects.requireNonNull(event, "event");
        SourcePosition at = new SourcePosition(topic, partition, offset);
        if (planId.equals(event.planId())) {
            return add(PlanFact.of(event), at);
        }
        return planId.equals(PlanFact.parentOf(event)) ? addChild(event.planId(), at) : this;
    }

    /** This fold with a new event of the plan's own folded in, by the rules above. Pure. */
    public PlanFold add(PlanFact fact, SourcePosition at) {
        Objects.requireNonNull(fact, "fact");
        Map<String, Long> offsets = advance(at);
        EventType type = fact.type();
        Instant time = fact.timestamp();
        Fact newRoot = fact.rootPlanId() == null ? root : Fact.earliest(root, Fact.of(fact, fact.rootPlanId()));
        String parentId = fact.parentPlanId();
        Fact newParent = parentId == null || parentId.equals(planId) ? parent : Fact.earliest(parent, Fact.of(fact, parentId));
        Fact newPhase = fact.toPhase() != null ? Fact.latest(phase, Fact.of(fact, fact.toPhase())) : phase;
        Fact newActive = ACTIVE.containsKey(type) ? Fact.latest(activeStatus, Fact.of(fact, ACTIVE.get(type))) : activeStatus;
        Fact newTerminal = TERMINAL.containsKey(type)
                ? Fact.latest(terminalStatus, Fact.of(fact, TERMINAL.get(type))) : terminalStatus;
        Map<String, Long> newDecisions = decisions;
        if (DECISIONS.containsKey(type)) {
            newDecisions = new TreeMap<>(decisions);
            newDecisions.merge(DECISIONS.get(type), 1L, Long::sum);
        }
        BigDecimal amount = fact.amount() == null ? BigDecimal.ZERO : fact.amount();
        return new PlanFold(planId, eventCount + 1,
                createdAt == null || time.isBefore(createdAt) ? time : createdAt,
                updatedAt == null || time.isAfter(updatedAt) ? time : updatedAt,
                newRoot, newParent, childPlanIds, newPhase, newActive, newTerminal,
                Fact.latest(last, Fact.of(fact, type.wireName())), newDecisions,
                toolCalls + (type == EventType.TOOL_INVOKED ? 1 : 0),
                toolFailures + (type == EventType.TOOL_FAILED ? 1 : 0),
                type == EventType.BUDGET_ALLOCATED ? budgetAllocated.add(amount) : budgetAllocated,
                type == EventType.BUDGET_CONSUMED ? budgetConsumed.add(amount) : budgetConsumed,
                offsets);
    }

    /**
     * This fold after a copy of an event already folded in was read again at {@code at}: only the
     * offsets move. Pure; this fold when {@code at} is not beyond the offset recorded.
     */
    public PlanFold addDuplicate(SourcePosition at) {
        Map<String, Long> offsets = advance(at);
        return offsets == inputOffsets ? this : new PlanFold(planId, eventCount, createdAt, updatedAt, root, parent,
                childPlanIds, phase, activeStatus, terminalStatus, last, decisions, toolCalls, toolFailures,
                budgetAllocated, budgetConsumed, offsets);
    }

    /**
     * This fold with {@code childPlanId} (from a {@code plan.created} naming this plan as its parent,
     * read at {@code at}) among its children. Pure; this fold when the child is known and {@code at}
     * is not beyond the offset recorded.
     */
    public PlanFold addChild(String childPlanId, SourcePosition at) {
        Objects.requireNonNull(childPlanId, "childPlanId");
        Map<String, Long> offsets = advance(at);
        if (childPlanIds.contains(childPlanId) && offsets == inputOffsets) {
            return this;
        }
        Set<String> children = new TreeSet<>(childPlanIds);
        children.add(childPlanId);
        return new PlanFold(planId, eventCount, createdAt, updatedAt, root, parent, children, phase, activeStatus,
                terminalStatus, last, decisions, toolCalls, toolFailures, budgetAllocated, budgetConsumed, offsets);
    }

    private Map<String, Long> advance(SourcePosition at) {
        Objects.requireNonNull(at, "at");
        return JsonValues.advance(inputOffsets, at.partitionKey(), at.offset());
    }

    /** The plan's state as the query API and the {@code projections.plan-state} topic show it. */
    public PlanState state() {
        Fact status = terminalStatus != null ? terminalStatus : activeStatus;
        return new PlanState(planId, value(root), value(parent), childPlanIds.stream().toList(), value(phase),
                value(status), createdAt, updatedAt, decisions, toolCalls, toolFailures,
                budgetAllocated.doubleValue(), budgetConsumed.doubleValue(),
                last == null ? null : new PlanState.LastEvent(last.eventId(), last.value(), last.timestamp()),
                eventCount, inputOffsets);
    }

    /**
     * The parent plan a {@code plan.created} event names in its {@code parent_plan_id} detail: a
     * non-blank string; null for other events ({@link PlanFact#parentOf}).
     */
    public static String parentOf(DomainEvent event) {
        return PlanFact.parentOf(event);
    }

    private static String value(Fact fact) {
        return fact == null ? null : fact.value();
    }

    private static Set<String> sortedSet(Set<String> values) {
        return values == null || values.isEmpty() ? Collections.emptySortedSet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }

    /**
     * A fact decided by one event: the value it carries and the event's (timestamp, id), by which
     * competing facts are ordered.
     *
     * @param timestamp the deciding event's timestamp
     * @param eventId   the deciding event's id
     * @param value     the fact, e.g. a phase or a status
     */
    public record Fact(Instant timestamp, String eventId, String value) {

        /** The order of facts: by timestamp, then by event id. */
        public static final Comparator<Fact> ORDER = Comparator.comparing(Fact::timestamp).thenComparing(Fact::eventId);

        /** Requires every field, naming a missing one. */
        public Fact {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(value, "value");
        }

        /** The fact {@code value} decided by {@code event}. */
        public static Fact of(DomainEvent event, String value) {
            return new Fact(event.timestamp(), event.eventId(), value);
        }

        /** The fact {@code value} decided by the event {@code fact} came from. */
        public static Fact of(PlanFact fact, String value) {
            return new Fact(fact.timestamp(), fact.eventId(), value);
        }

        /** The later of two facts (either may be null). */
        public static Fact latest(Fact a, Fact b) {
            if (a == null) {
                return b;
            }
            return b == null || ORDER.compare(a, b) >= 0 ? a : b;
        }

        /** The earlier of two facts (either may be null). */
        public static Fact earliest(Fact a, Fact b) {
            if (a == null) {
                return b;
            }
            return b == null || ORDER.compare(a, b) <= 0 ? a : b;
        }
    }
}
