package io.agentevents.producer.inprocess;

import io.agentevents.schemas.Redactor;
import io.agentevents.schemas.DomainEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * Formats the one audit line of an event: {@code key=value} pairs in a fixed order, absent optional
 * fields left out, {@code details} last as compact JSON with secrets masked. Values with spaces,
 * quotes, {@code =} or backslashes are double-quoted with {@code \"} and {@code \\} escaped; the
 * line never contains a line break (names cannot hold control characters, JSON escapes them, and
 * U+2028/U+2029 are escaped as well).
 */
final class AuditLine {
    /** Immutable and thread-safe once built. */
    private static final ObjectWriter JSON = new ObjectMapper().writer();

    /** The pairs before {@code details}, in their order; a null value leaves its pair out. */
    private static final List<Field> FIELDS = List.of(
            new Field("event_id", DomainEvent::eventId),
            new Field("type", event -> event.type().wireName()),
            new Field("correlation_id", DomainEvent::correlationId),
            new Field("causation_id", DomainEvent::causationId),
            new Field("plan_id", DomainEvent::planId),
            new Field("root_plan_id", DomainEvent::rootPlanId),
            new Field("session_id", DomainEvent::sessionId),
            new Field("actor", DomainEvent::actorName),
            new Field("project", DomainEvent::projectName),
            new Field("source", DomainEvent::source),
            new Field("timestamp", event -> event.timestamp().toString()));

    private AuditLine() {
    }

    /** One {@code key=value} pair of the line and where its value comes from. */
    private record Field(String key, Function<DomainEvent, String> value) {
    }

    /**
     * {@code event_id=.. type=.. correlation_id=.. [causation_id=..] [plan_id=..] [root_plan_id=..]
     * [session_id=..] [actor=..] [project=..] source=.. timestamp=.. details={..}}.
     *
     * @throws UncheckedIOException if the details cannot be written as JSON (they always can: they
     *                              hold only plain values)
     */
    static String format(DomainEvent event, Redactor redactor) {
        StringBuilder line = new StringBuilder(256);
        for (Field field : FIELDS) {
            pair(line, field.key(), field.value().apply(event));
        }
        line.append(" details=").append(json(redactor, event));
        return line.toString();
    }

    private static String json(Redactor redactor, DomainEvent event) {
        try {
            return JSON.writeValueAsString(redactor.redact(event.details()))
                    .replace("\u2028", "\\u2028")
                    .replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the details of event " + event.eventId() + " as JSON", e);
        }
    }

    private static void pair(StringBuilder line, String key, String value) {
        if (value == null) {
            return;
        }
        if (line.length() > 0) {
            line.append(' ');
        }
        line.append(key).append('=');
        if (needsQuotes(value)) {
            line.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> line.append("\\\"");
                    case '\\' -> line.append("\\\\");
                    case '\u2028' -> line.append("\\u2028");
                    case '\u2029' -> line.append("\\u2029");
                    default -> line.append(c);
                }
            }
            line.append('"');
        } else {
            line.append(value);
        }
    }

    static boolean needsQuotes(String value) {
        if (value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '=' || c == '\\' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return true;
            }
        }
        return false;
    }
}
