package io.agentevents.consumer.internal;

import io.agentevents.api.EventListener;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.EventType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which listeners get which event types, and so which domain topics to read. Immutable once built. */
public final class Routing {
    private final Map<EventType, List<NamedListener>> byType;
    private final Map<Domain, List<NamedListener>> byDomain;
    private final List<NamedListener> all;
    /** The listeners of each known type, in calling order, worked out once. */
    private final Map<EventType, List<NamedListener>> byEventType = new EnumMap<>(EventType.class);

    /** A listener with a description for logs and errors. */
    public record NamedListener(String name, EventListener listener) {
    }

    public Routing(Map<EventType, List<NamedListener>> byType, Map<Domain, List<NamedListener>> byDomain,
                   List<NamedListener> all) {
        this.byType = new EnumMap<>(EventType.class);
        byType.forEach((type, listeners) -> this.byType.put(type, List.copyOf(listeners)));
        this.byDomain = new EnumMap<>(Domain.class);
        byDomain.forEach((domain, listeners) -> this.byDomain.put(domain, List.copyOf(listeners)));
        this.all = List.copyOf(all);
        for (EventType type : EventType.values()) {
            if (type.isKnown()) {
                List<NamedListener> listeners = new ArrayList<>(this.byType.getOrDefault(type, List.of()));
                listeners.addAll(this.byDomain.getOrDefault(type.domain(), List.of()));
                listeners.addAll(this.all);
                byEventType.put(type, List.copyOf(listeners));
            }
        }
    }

    public boolean isEmpty() {
        return byType.isEmpty() && byDomain.isEmpty() && all.isEmpty();
    }

    /** The domains whose topics must be read. */
    public Set<Domain> domains() {
        if (!all.isEmpty()) {
            return EnumSet.allOf(Domain.class);
        }
        Set<Domain> domains = EnumSet.noneOf(Domain.class);
        byType.keySet().forEach(type -> domains.add(type.domain()));
        domains.addAll(byDomain.keySet());
        return domains;
    }

    /** Whether any listener wants events of this known type. */
    public boolean wants(EventType type) {
        return !all.isEmpty() || byType.containsKey(type) || byDomain.containsKey(type.domain());
    }

    /** The listeners of a known type, in the order: by type, by domain, for all (unmodifiable). */
    public List<NamedListener> listenersFor(EventType type) {
        return byEventType.getOrDefault(type, List.of());
    }
}
