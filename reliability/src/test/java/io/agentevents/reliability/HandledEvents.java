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
 * key (correlation id) the events in the order they were first handled, with their {@code seq}
 * detail. A scenario whose handler does more calls {@link #record} from it. Thread-safe (handlers
 * run concurrently).
 */
final class HandledEvents implements EventListener {
    /** An event as first handled: its id, its {@code seq} detail (null without one) and when. */
    private record First(String eventId, Long seq, long atNanos) {
    }

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, Long> firstHandledAtNanos = new ConcurrentHashMap<>();
    private final Map<String, List<First>> firstHandledByKey = new ConcurrentHashMap<>();

    @Override
    public void onEvent(DomainEvent event, Delivery delivery) {
        record(event);
    }

    /** Records one handling of the event; returns whether it was the event's first. */
    boolean record(DomainEvent event) {
        long now = System.nanoTime();
        if (counts.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet() != 1) {
            return false;
        }
        firstHandledAtNanos.put(event.eventId(), now);
        firstHandledByKey.computeIfAbsent(event.correlationId(), key -> Collections.synchronizedList(new ArrayList<>()))
                .add(new First(event.eventId(), (Long) event.details().get("seq"), now));
        return true;
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

    /** First handlings recorded under the events' keys (one per distinct event). */
    long firstHandlings() {
        return firstHandledByKey.values().stream().mapToLong(List::size).sum();
    }

    /** When the event was first handled ({@link System#nanoTime()}), or null. */
    Long firstHandledAtNanos(String eventId) {
        return firstHandledAtNanos.get(eventId);
    }

    /** When each event of this key was first handled ({@link System#nanoTime()}), in that order. */
    List<Long> firstHandlingTimesOf(String key) {
        List<First> firsts = firstHandledByKey.getOrDefault(key, List.of());
        synchronized (firsts) {
            return firsts.stream().map(First::atNanos).toList();
        }
    }

    /** Keys whose events were not first handled in emit order (by their {@code seq} detail). */
    List<String> outOfOrderKeys() {
        List<String> bad = new ArrayList<>();
        firstHandledByKey.forEach((key, firsts) -> {
            synchronized (firsts) {
                for (int i = 1; i < firsts.size(); i++) {
                    if (firsts.get(i).seq() <= firsts.get(i - 1).seq()) {
                        bad.add(key);
                        return;
                    }
                }
            }
        });
        return bad;
    }

    /**
     * Keys whose acknowledged events were not first handled in emit order (by the {@code seq} the
     * load gave them).
     */
    List<String> outOfOrderKeys(Map<String, EmitResult> acknowledged, PacedLoad load) {
        List<String> bad = new ArrayList<>();
        firstHandledByKey.forEach((key, firsts) -> {
            long previous = 0;
            synchronized (firsts) {
                for (First first : firsts) {
                    PacedLoad.Emit emit = load.byId(first.eventId());
                    if (emit == null || !acknowledged.containsKey(first.eventId())) {
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
