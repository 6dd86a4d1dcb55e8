package io.agentevents.schemas;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The event catalog: 38 event types in 11 {@link Domain}s, plus {@link #UNKNOWN}.
 *
 * <p>Each constant's name is its Avro enum symbol (a test keeps the two symbol for symbol equal).
 * Its wire name, used in the {@code ce_type} header and by other languages, is the lower-case
 * domain, a dot, and the lower-case rest: {@code PLAN_PHASE_CHANGED} is {@code plan.phase_changed}.
 *
 * <p>{@link #UNKNOWN} is what a reader sees for a type added to the catalog after it was built
 * (Avro's enum default). It has no domain and cannot be emitted.
 */
public enum EventType {
    PLAN_CREATED,
    PLAN_PHASE_CHANGED,
    PLAN_STARTED,
    PLAN_PAUSED,
    PLAN_RESUMED,
    PLAN_COMPLETED,
    PLAN_FAILED,
    PLAN_CANCELLED,

    DECISION_CREATED,
    DECISION_APPROVED,
    DECISION_REJECTED,
    DECISION_SUPERSEDED,

    ACTOR_REGISTERED,
    ACTOR_STARTED,
    ACTOR_STOPPED,
    ACTOR_FAILED,

    TOOL_INVOKED,
    TOOL_SUCCEEDED,
    TOOL_FAILED,

    RESOURCE_ACQUIRED,
    RESOURCE_RELEASED,
    RESOURCE_EXHAUSTED,

    SANDBOX_CREATED,
    SANDBOX_COMMAND_EXECUTED,
    SANDBOX_DESTROYED,

    VALIDATION_STARTED,
    VALIDATION_PASSED,
    VALIDATION_FAILED,

    SESSION_STARTED,
    SESSION_RESUMED,
    SESSION_ENDED,

    BUDGET_ALLOCATED,
    BUDGET_CONSUMED,
    BUDGET_EXCEEDED,

    INVARIANT_CHECKED,
    INVARIANT_VIOLATED,

    CONTEXT_UPDATED,
    CONTEXT_COMPACTED,

    /** A type this reader does not know (written by a newer catalog). Never emitted. */
    UNKNOWN;

    /** Number of known event types in the catalog (excluding {@link #UNKNOWN}). */
    public static final int KNOWN_COUNT = 38;

    /** Wire name carried by {@link #UNKNOWN}. */
    public static final String UNKNOWN_WIRE_NAME = "unknown";

    private static final Map<String, EventType> BY_WIRE_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final Domain domain;
    private final String wireName;

    EventType() {
        String symbol = name();
        int underscore = symbol.indexOf('_');
        if (underscore < 0) {
            this.domain = null;
            this.wireName = UNKNOWN_WIRE_NAME;
        } else {
            this.domain = Domain.valueOf(symbol.substring(0, underscore));
            this.wireName = symbol.substring(0, underscore).toLowerCase(Locale.ROOT) + "."
                    + symbol.substring(underscore + 1).toLowerCase(Locale.ROOT);
        }
    }

    /** The wire name, e.g. {@code plan.phase_changed}; {@code unknown} for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** Whether this is a catalog type, i.e. not {@link #UNKNOWN}. */
    public boolean isKnown() {
        return this != UNKNOWN;
    }

    /**
     * The domain this type belongs to.
     *
     * @throws IllegalStateException for {@link #UNKNOWN}, which belongs to no domain
     */
    public Domain domain() {
        if (domain == null) {
            throw new IllegalStateException("event type UNKNOWN has no domain");
        }
        return domain;
    }

    /** The topic this type is emitted to under the default prefix, e.g. {@code events.plan}. */
    public String topic() {
        return domain().topic();
    }

    /** The type with the given wire name ({@code plan.phase_changed}), if any. */
    public static Optional<EventType> fromWireName(String wireName) {
        Objects.requireNonNull(wireName, "wireName");
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    /**
     * The type named by either its wire name ({@code plan.phase_changed}) or its symbol
     * ({@code PLAN_PHASE_CHANGED}), as a user would type it on a command line.
     *
     * @throws IllegalArgumentException naming the value when it names no known type
     */
    public static EventType parse(String name) {
        Objects.requireNonNull(name, "name");
        EventType byWire = BY_WIRE_NAME.get(name.toLowerCase(Locale.ROOT));
        if (byWire != null && byWire.isKnown()) {
            return byWire;
        }
        try {
            EventType bySymbol = valueOf(name.toUpperCase(Locale.ROOT));
            if (bySymbol.isKnown()) {
                return bySymbol;
            }
        } catch (IllegalArgumentException notASymbol) {
            // fall through to the error below, which lists what is accepted
        }
        throw new IllegalArgumentException("unknown event type '" + name
                + "'; expected a wire name such as plan.phase_changed or a symbol such as PLAN_PHASE_CHANGED");
    }
}
