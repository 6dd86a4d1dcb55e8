package io.agentevents.schemas;

/**
 * The bounds every {@link DomainEvent} is validated against when built. They keep one event far
 * below Kafka's default 1 MB record limit and keep hostile input from exhausting a reader.
 */
public final class EventLimits {
    /** Longest id ({@code event_id}, {@code correlation_id}, {@code causation_id}), in characters. */
    public static final int MAX_ID_LENGTH = 128;
    /** Longest name ({@code plan_id}, {@code source}, {@code actor_name}, ...), in characters. */
    public static final int MAX_NAME_LENGTH = 256;
    /** Longest key of a details map, in characters. */
    public static final int MAX_DETAIL_KEY_LENGTH = 256;
    /** Deepest nesting of details: a top-level value is at depth 1. */
    public static final int MAX_DETAILS_DEPTH = 16;
    /** Most values (leaves, lists and maps, counted together) in one event's details. */
    public static final int MAX_DETAILS_VALUES = 10_000;
    /** Largest details, estimated as the UTF-8 size of every key and string plus 8 bytes a value. */
    public static final int MAX_DETAILS_BYTES = 512 * 1024;

    private EventLimits() {
    }
}
