package io.agentevents.schemas;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The eleven domains of the event catalog. Each domain has one Kafka topic, {@code events.<domain>}
 * by default, and one dead-letter topic beside it, {@code events.<domain>.dlq}.
 *
 * <p>Immutable and thread-safe, like every enum.
 */
public enum Domain {
    PLAN,
    DECISION,
    ACTOR,
    TOOL,
    RESOURCE,
    SANDBOX,
    VALIDATION,
    SESSION,
    BUDGET,
    INVARIANT,
    CONTEXT;

    /** The topic prefix used when none is configured: topics are {@code events.<domain>}. */
    public static final String DEFAULT_TOPIC_PREFIX = "events";

    /** Suffix of a domain's dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private static final Pattern TOPIC_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in wire type names and topic names, e.g. {@code plan}. */
    public String wireName() {
        return wireName;
    }

    /** This domain's topic under the default prefix, e.g. {@code events.plan}. */
    public String topic() {
        return topic(DEFAULT_TOPIC_PREFIX);
    }

    /**
     * This domain's topic under the given prefix, {@code <prefix>.<domain>}.
     *
     * @throws IllegalArgumentException if the prefix is not a legal Kafka topic name fragment
     */
    public String topic(String prefix) {
        return checkedPrefix(prefix) + "." + wireName;
    }

    /**
     * The schema registry subject of this domain topic's values under the given prefix,
     * {@code <prefix>.<domain>-value} (Confluent's TopicNameStrategy).
     */
    public String valueSubject(String prefix) {
        return topic(prefix) + "-value";
    }

    /** This domain's dead-letter topic under the default prefix, e.g. {@code events.plan.dlq}. */
    public String deadLetterTopic() {
        return deadLetterTopic(DEFAULT_TOPIC_PREFIX);
    }

    /** This domain's dead-letter topic under the given prefix, {@code <prefix>.<domain>.dlq}. */
    public String deadLetterTopic(String prefix) {
        return topic(prefix) + DEAD_LETTER_SUFFIX;
    }

    /** The event types of this domain, in catalog order. */
    public List<EventType> eventTypes() {
        return Arrays.stream(EventType.values())
                .filter(type -> type.isKnown() && type.domain() == this)
                .toList();
    }

    /**
     * The domain with the given wire name ({@code plan}, case-insensitive).
     *
     * @throws IllegalArgumentException naming the value when no domain has that name
     */
    public static Domain fromWireName(String wireName) {
        Objects.requireNonNull(wireName, "wireName");
        for (Domain domain : values()) {
            if (domain.wireName.equalsIgnoreCase(wireName)) {
                return domain;
            }
        }
        throw new IllegalArgumentException("unknown domain '" + wireName + "'; known domains: "
                + Arrays.stream(values()).map(Domain::wireName).toList());
    }

    private static String checkedPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!TOPIC_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix
                    + "' must be 1..200 characters of [a-zA-Z0-9._-]");
        }
        return prefix;
    }
}
