package io.agentevents.consumer;

/**
 * Headers added to a record sent to a dead-letter topic ({@code <topic>.dlq}), beside its original
 * key, value and headers. All values are UTF-8 text.
 */
public final class DeadLetterHeaders {
    /** The prefix of every header a dead-letter writer adds, {@code eventbus.dlq.}. */
    public static final String PREFIX = "eventbus.dlq.";

    /** Why: {@code handler-failed}, {@code undecodable}, {@code unknown-type} or {@code held}. */
    public static final String REASON = PREFIX + "reason";
    /** Class name of the last error. */
    public static final String ERROR_CLASS = PREFIX + "error.class";
    /** Message of the last error. */
    public static final String ERROR_MESSAGE = PREFIX + "error.message";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = PREFIX + "source.topic";
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = PREFIX + "source.partition";
    /** Offset the record was read from. */
    public static final String SOURCE_OFFSET = PREFIX + "source.offset";
    /** How many times the handler was called (0 for records never handed to one). */
    public static final String ATTEMPTS = PREFIX + "attempts";
    /** When it was dead-lettered, RFC 3339. */
    public static final String TIME = PREFIX + "time";
    /** The consumer group that gave up on it. */
    public static final String GROUP = PREFIX + "group";
    /** Set to {@code true} on a record re-published from a dead-letter topic. */
    public static final String REPLAYED = "eventbus.replayed";

    public static final String REASON_HANDLER_FAILED = "handler-failed";
    public static final String REASON_UNDECODABLE = "undecodable";
    public static final String REASON_UNKNOWN_TYPE = "unknown-type";
    public static final String REASON_HELD = "held";

    private DeadLetterHeaders() {
    }
}
