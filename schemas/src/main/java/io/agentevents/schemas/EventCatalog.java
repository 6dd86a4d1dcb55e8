package io.agentevents.schemas;

import java.util.Arrays;
import java.util.List;

/**
 * The catalog as a document: every known event type with its wire name, domain and topic. The
 * file {@code docs/event-catalog.md} is this document; a test keeps the two equal.
 */
public final class EventCatalog {

    private EventCatalog() {
    }

    /** Every known event type, in catalog order (without {@link EventType#UNKNOWN}). */
    public static List<EventType> knownTypes() {
        return Arrays.stream(EventType.values()).filter(EventType::isKnown).toList();
    }

    /** The catalog as Markdown, under the default topic prefix. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Event catalog\n\n")
          .append("<!-- Generated from the EventType enum; EventCatalogTest fails when this file drifts.\n")
          .append("     Regenerate: mvn -pl schemas test -Dtest=EventCatalogTest -Dcatalog.write=true -->\n\n")
          .append(knownTypes().size()).append(" event types in ").append(Domain.values().length)
          .append(" domains, plus `UNKNOWN`, which a reader sees for a type added after it was built.\n")
          .append("Avro symbol = the Java constant; wire name (the `ce_type` header) = lower-case domain, a dot,\n")
          .append("the lower-case rest. Topics are shown under the default prefix `")
          .append(Domain.DEFAULT_TOPIC_PREFIX).append("`; each has a dead-letter topic beside it (`<topic>")
          .append(Domain.DEAD_LETTER_SUFFIX).append("`).\n\n")
          .append("| domain | topic | dead-letter topic | types |\n")
          .append("|---|---|---|---|\n");
        for (Domain domain : Domain.values()) {
            md.append("| ").append(domain.wireName()).append(" | `").append(domain.topic()).append("` | `")
              .append(domain.deadLetterTopic()).append("` | ").append(domain.eventTypes().size()).append(" |\n");
        }
        md.append("\n| wire name (`ce_type`) | Avro symbol | domain | topic |\n")
          .append("|---|---|---|---|\n");
        for (EventType type : knownTypes()) {
            md.append("| `").append(type.wireName()).append("` | `").append(type.name()).append("` | ")
              .append(type.domain().wireName()).append(" | `").append(type.topic()).append("` |\n");
        }
        md.append("| `").append(EventType.UNKNOWN_WIRE_NAME).append("` | `").append(EventType.UNKNOWN.name())
          .append("` | (none) | (never emitted) |\n");
        return md.toString();
    }
}
