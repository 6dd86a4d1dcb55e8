package io.agentevents.reliability;

import io.agentevents.api.Delivery;
import io.agentevents.api.EventListener;
import io.agentevents.producer.EmitResult;
import io.agentevents.schemas.DomainEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber's handler that records what it handled: how often each event, when first, and per
 * key the events in the order they were first handled. Thread-safe (handlers run concurrently).
 */
final class HandledEvents implements EventListener {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, Long> firstHandledAtNanos = new ConcurrentHashMap<>();
    private final Map<String, List<String>> firstHandledByKey = new ConcurrentHashMap<>();

    @Override
    public void onEvent(DomainEvent event, Delivery delivery) {
        long now = System.nanoTime();
        if (counts.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet() == 1) {
            firstHandledAtNanos.put(event.eventId(), now);
            firstHandledByKey.computeIfAbsent(event.correlationId(), key -> Collections.synchronizedList(new ArrayList<>()))
                    .add(event.eventId());
        }
    }

    /** Distinct events handled. */
    int distinct() {
        return counts.size();
    }

    boolean handled(String eventId) {
        return counts.containsKey(eventId);
    }

    /** Whether every one of these events was handled. */
    boolean handledAll(Set<String> eventIds) {
        return counts.keySet().containsAll(eventIds);
    }

    /** Handlings beyond the first. */
    long duplicates() {
        return counts.values().stream().mapToLong(count -> count.get() - 1).sum();
    }

    /** When the event was first handled ({@link System#nanoTime()}), or null. */
    Long firstHandledAtNanos(String eventId) {
        return firstHandledAtNanos.get(eventId);
    }

    /**
     * Keys whose acknowledged events were not first handled in emit order (by the {@code seq} the
     * load gave them).
     */
    List<String> outOfOrderKeys(Map<String, EmitResult> acknowledged, PacedLoad load) {
        List<String> bad = new ArrayList<>();
        firstHandledByKey.forEach((key, ids) -> {
            long previous = 0;
            synchronized (ids) {
                for (String id : ids) {
                    PacedLoad.Emit emit = load.byId(id);
                    if (emit == null || !acknowledged.containsKey(id)) {
                        continue;
                    }
                    if (emit.seq() <= previous) {
                        bad.add(key);
                        return;
                    }
                    previous = emit.seq();
                }
            }
        });
        return bad;
    }
}
