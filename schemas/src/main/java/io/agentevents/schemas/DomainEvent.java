package io.agentevents.schemas;

import com.github.f4b6a3.ulid.UlidCreator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One significant state change of an agent system: the unit the platform emits, stores, routes
 * and folds. The Avro schema {@code DomainEvent.avsc} is its wire form.
 *
 * <p>Immutable and thread-safe. Every instance is valid: the constructor (and so the
 * {@link Builder}) checks each field against the contract and {@link EventLimits}, and throws an
 * {@link InvalidEventException} naming the first bad field. The {@code details} map is a deep,
 * unmodifiable copy (details already frozen, those of another event or from a {@link DetailsBuilder},
 * are taken as they are, since they were checked and cannot change). The timestamp is kept to the microsecond, the wire precision, so an event
 * read back from Kafka equals the one that was emitted.
 *
 * <p>Optional fields ({@code causationId}, {@code planId}, {@code rootPlanId}, {@code sessionId},
 * {@code actorName}, {@code projectName}) are {@code null} when absent; the {@code ...Opt()}
 * accessors wrap them.
 *
 * @param eventId       unique id of this event, a ULID when generated
 * @param type          what happened; {@link EventType#UNKNOWN} only for events read from a newer catalog
 * @param timestamp     when it happened (UTC, microsecond precision)
 * @param correlationId groups the events of one request or workflow; the Kafka record key
 * @param causationId   id of the event that caused this one, or null
 * @param planId        the plan this event belongs to, or null
 * @param rootPlanId    the top-level plan of {@code planId}'s tree, or null
 * @param sessionId     the agent session, or null
 * @param actorName     the acting agent, or null
 * @param projectName   the project, or null
 * @param source        who emitted it (the CloudEvents source)
 * @param details       event-specific structured data, never null
 */
public record DomainEvent(
        String eventId,
        EventType type,
        Instant timestamp,
        String correlationId,
        String causationId,
        String planId,
        String rootPlanId,
        String sessionId,
        String actorName,
        String projectName,
        String source,
        Map<String, Object> details) {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Validates every field and freezes {@code details}; prefer {@link #builder(EventType)}. */
    public DomainEvent {
        eventId = id("event_id", eventId, true);
        if (type == null) {
            throw new InvalidEventException("event_type", "is required");
        }
        timestamp = checkedTimestamp(timestamp);
        correlationId = id("correlation_id", correlationId, true);
        causationId = id("causation_id", causationId, false);
        planId = name("plan_id", planId, false);
        rootPlanId = name("root_plan_id", rootPlanId, false);
        sessionId = name("session_id", sessionId, false);
        actorName = name("actor_name", actorName, false);
        projectName = name("project_name", projectName, false);
        source = name("source", source, true);
        details = EventDetails.freeze(details);
    }

    /** A builder for an event of the given type; ids and timestamp are filled in if not set. */
    public static Builder builder(EventType type) {
        return new Builder().type(type);
    }

    /** A builder with no type yet; {@link Builder#build()} fails unless one is set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this event, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder()
                .eventId(eventId).type(type).timestamp(timestamp).correlationId(correlationId)
                .causationId(causationId).planId(planId).rootPlanId(rootPlanId).sessionId(sessionId)
                .actorName(actorName).projectName(projectName).source(source).details(details);
    }

    /** The domain of this event's type. @throws IllegalStateException for UNKNOWN events */
    public Domain domain() {
        return type.domain();
    }

    public Optional<String> causationIdOpt() {
        return Optional.ofNullable(causationId);
    }

    public Optional<String> planIdOpt() {
        return Optional.ofNullable(planId);
    }

    public Optional<String> rootPlanIdOpt() {
        return Optional.ofNullable(rootPlanId);
    }

    public Optional<String> sessionIdOpt() {
        return Optional.ofNullable(sessionId);
    }

    public Optional<String> actorNameOpt() {
        return Optional.ofNullable(actorName);
    }

    public Optional<String> projectNameOpt() {
        return Optional.ofNullable(projectName);
    }

    /** A new unique, time-ordered event id (a ULID, 26 characters). */
    public static String newId() {
        return UlidCreator.getMonotonicUlid().toString();
    }

    private static String id(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidEventException(field, "is required");
            }
            return null;
        }
        if (value.isEmpty() || value.length() > EventLimits.MAX_ID_LENGTH) {
            throw new InvalidEventException(field, "must be 1.." + EventLimits.MAX_ID_LENGTH
                    + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new InvalidEventException(field, "must be visible ASCII without spaces (e.g. a ULID), found "
                        + describe(c) + " at index " + i + " in '" + abbreviate(value) + "'");
            }
        }
        return value;
    }

    private static String name(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidEventException(field, "is required");
            }
            return null;
        }
        if (value.isBlank()) {
            throw new InvalidEventException(field, "must not be blank (leave it unset instead)");
        }
        if (value.length() > EventLimits.MAX_NAME_LENGTH) {
            throw new InvalidEventException(field, "must be at most " + EventLimits.MAX_NAME_LENGTH
                    + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidEventException(field, "must not contain control characters, found "
                        + describe(value.charAt(i)) + " at index " + i);
            }
        }
        EventDetails.utf8Length(value, field);
        return value;
    }

    private static Instant checkedTimestamp(Instant timestamp) {
        if (timestamp == null) {
            throw new InvalidEventException("timestamp", "is required");
        }
        if (timestamp.isBefore(EARLIEST) || timestamp.isAfter(LATEST)) {
            throw new InvalidEventException("timestamp", "must lie between years 0001 and 9999, was " + timestamp);
        }
        return timestamp.truncatedTo(ChronoUnit.MICROS);
    }

    private static String describe(char c) {
        return String.format("U+%04X", (int) c);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /**
     * Builds a {@link DomainEvent}. Not thread-safe; use one builder per thread. {@link #build()}
     * fills in what was not set: a new ULID event id, a new ULID correlation id, and the current
     * time. It validates every field and names the first bad one.
     */
    public static final class Builder {
        private String eventId;
        private EventType type;
        private Instant timestamp;
        private String correlationId;
        private String causationId;
        private String planId;
        private String rootPlanId;
        private String sessionId;
        private String actorName;
        private String projectName;
        private String source;
        private final Map<String, Object> details = new LinkedHashMap<>();
        /** Details given whole and already frozen (another event's): used as they are unless changed. */
        private Map<String, Object> frozenDetails;

        private Builder() {
        }

        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder type(EventType type) {
            this.type = type;
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder correlationId(String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        /** Sets the causation id to the given event's id and reuses its correlation id if none is set. */
        public Builder causedBy(DomainEvent cause) {
            Objects.requireNonNull(cause, "cause");
            this.causationId = cause.eventId();
            if (this.correlationId == null) {
                this.correlationId = cause.correlationId();
            }
            return this;
        }

        public Builder causationId(String causationId) {
            this.causationId = causationId;
            return this;
        }

        public Builder planId(String planId) {
            this.planId = planId;
            return this;
        }

        public Builder rootPlanId(String rootPlanId) {
            this.rootPlanId = rootPlanId;
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder actorName(String actorName) {
            this.actorName = actorName;
            return this;
        }

        public Builder projectName(String projectName) {
            this.projectName = projectName;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Adds one detail; the value must be a plain value (see {@link DomainEvent}). */
        public Builder detail(String key, Object value) {
            if (key == null) {
                throw new InvalidEventException("details", "map keys must be strings, found null");
            }
            if (frozenDetails != null) {
                details.putAll(frozenDetails);
                frozenDetails = null;
            }
            details.put(key, value);
            return this;
        }

        /** Replaces all details with a copy of the given map. */
        public Builder details(Map<String, ?> details) {
            if (details == null) {
                throw new InvalidEventException("details", "must not be null (use an empty map)");
            }
            this.details.clear();
            if (details instanceof FrozenDetails frozen) {
                this.frozenDetails = frozen;
            } else {
                this.frozenDetails = null;
                this.details.putAll(details);
            }
            return this;
        }

        /** The validated event. @throws InvalidEventException naming the first bad field */
        public DomainEvent build() {
            return new DomainEvent(
                    eventId != null ? eventId : newId(),
                    type,
                    timestamp != null ? timestamp : Instant.now(),
                    correlationId != null ? correlationId : newId(),
                    causationId, planId, rootPlanId, sessionId, actorName, projectName, source,
                    frozenDetails != null ? frozenDetails : details);
        }
    }
}
