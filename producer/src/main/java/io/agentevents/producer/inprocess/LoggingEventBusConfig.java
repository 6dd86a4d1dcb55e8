package io.agentevents.producer.inprocess;

import io.agentevents.schemas.Redactor;
import io.agentevents.schemas.Domain;

import org.slf4j.event.Level;

import java.util.Objects;

/**
 * Settings of a {@link LoggingEventBus}, with defaults ({@link #defaults()}) and validation.
 * Immutable; the withers return a changed copy.
 *
 * @param loggerName  the SLF4J logger the audit lines go to (default {@value #DEFAULT_LOGGER_NAME})
 * @param level       the level they are logged at (default INFO)
 * @param topicPrefix prefix of the topic names reported in {@code EmitResult}s when the bus does
 *                    not wrap another one (default {@code events})
 * @param redactor    masks secrets in the details before they are logged (default {@link Redactor#defaults()})
 */
public record LoggingEventBusConfig(String loggerName, Level level, String topicPrefix, Redactor redactor) {

    /** The logger audit lines go to by default. */
    public static final String DEFAULT_LOGGER_NAME = "io.agentevents.audit";

    /** Validates every setting and names the bad one. */
    public LoggingEventBusConfig {
        Objects.requireNonNull(loggerName, "loggerName");
        if (loggerName.isBlank()) {
            throw new IllegalArgumentException("loggerName must not be blank");
        }
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Domain.PLAN.topic(topicPrefix); // throws IllegalArgumentException naming a bad prefix
        Objects.requireNonNull(redactor, "redactor");
    }

    /** Logger {@value #DEFAULT_LOGGER_NAME} at INFO, topic prefix {@code events}, default redaction. */
    public static LoggingEventBusConfig defaults() {
        return new LoggingEventBusConfig(DEFAULT_LOGGER_NAME, Level.INFO, Domain.DEFAULT_TOPIC_PREFIX, Redactor.defaults());
    }

    public LoggingEventBusConfig withLoggerName(String loggerName) {
        return new LoggingEventBusConfig(loggerName, level, topicPrefix, redactor);
    }

    public LoggingEventBusConfig withLevel(Level level) {
        return new LoggingEventBusConfig(loggerName, level, topicPrefix, redactor);
    }

    public LoggingEventBusConfig withTopicPrefix(String topicPrefix) {
        return new LoggingEventBusConfig(loggerName, level, topicPrefix, redactor);
    }

    public LoggingEventBusConfig withRedactor(Redactor redactor) {
        return new LoggingEventBusConfig(loggerName, level, topicPrefix, redactor);
    }
}
