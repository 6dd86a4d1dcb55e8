package io.agentevents.streams.topology;

import java.time.Duration;

/**
 * The names the projections are known by: state stores (for interactive queries) and output topics.
 * These are part of the platform's contract; other programs rely on them.
 */
public final class ProjectionStores {

    /**
     * {@code KeyValueStore<Bytes, byte[]>}: the events of each correlation id, one record per entry; read
     * with {@code TrailStore.read}.
     */
    public static final String AUDIT_BY_CORRELATION = "audit-by-correlation";

    /** {@code KeyValueStore<Bytes, byte[]>}: the events of each plan, one record per entry; read with {@code TrailStore.read}. */
    public static final String AUDIT_BY_PLAN = "audit-by-plan";

    /**
     * {@code KeyValueStore<Bytes, byte[]>}: the head of every trail of {@link #AUDIT_BY_CORRELATION} and
     * {@link #AUDIT_BY_PLAN} (count, dropped, offsets folded in); read with {@code TrailStore}.
     */
    public static final String AUDIT_HEADS = "audit-heads";

    /** {@code KeyValueStore<String, PlanFold>}: plan id -> the plan's fold ({@code PlanFold.state()} answers). */
    public static final String PLAN_STATE = "plan-state";

    /**
     * {@code KeyValueStore<Bytes, byte[]>}: the plan ids of each tree, one record per (root, plan); read with
     * {@code PlanIndexStore.read}.
     */
    public static final String PLANS_BY_ROOT = "plans-by-root";

    /** {@code WindowStore<String, Long>}, in memory: event type wire name -> events per tumbling window. */
    public static final String EVENT_RATES = "event-rates";

    /** How long {@link #EVENT_RATES} keeps windows (longer when the window size plus the grace period is longer). */
    public static final Duration EVENT_RATES_RETENTION = Duration.ofDays(1);

    /** Every event read, with its source position: key correlation id, value {@code AuditEntry} JSON. */
    public static final String AUDIT_TOPIC = "projections.audit";

    /**
     * Compacted: key plan id, value {@code PlanState} JSON, written when the plan changed (at most once per
     * commit interval and plan while the store's cache holds it).
     */
    public static final String PLAN_STATE_TOPIC = "projections.plan-state";

    /** Key {@code <type>@<windowStart ISO-8601>}, value {@code RateWindow} JSON, written when the count changed. */
    public static final String EVENT_RATES_TOPIC = "projections.event-rates";

    /**
     * Records the projections could not read, when dead letters are on: the original key, value and
     * headers plus Kafka Streams' {@code __streams.errors.*} headers. Set it as
     * {@code errors.dead.letter.queue.topic.name} to turn dead letters on.
     */
    public static final String DEAD_LETTER_TOPIC = "projections.dlq";

    private ProjectionStores() {
    }
}
