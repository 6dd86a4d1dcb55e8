package io.agentevents.producer.inprocess;

import io.agentevents.api.EventListener;
import io.agentevents.api.Subscription;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The listener subscriptions of an {@link InMemoryEventBus}, in subscription order. Copy-on-write:
 * subscribing and closing never wait for a dispatch, and a dispatch iterates over the
 * subscriptions that existed when it began, skipping those closed since.
 */
final class Subscribers {
    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    /** Adds a subscription to one type ({@code type} set), one domain ({@code domain} set) or all events (neither). */
    Subscription add(EventType type, Domain domain, String target, EventListener listener) {
        Entry entry = new Entry(ids.incrementAndGet(), type, domain, target, listener);
        entries.add(entry);
        return entry;
    }

    /** Calls {@code invoker} with each active subscription that wants {@code event}, in subscription order. */
    void forEachMatching(DomainEvent event, BiConsumer<Subscription, EventListener> invoker) {
        EventType type = event.type();
        for (Entry entry : entries) {
            if (entry.matches(type) && entry.isActive()) {
                invoker.accept(entry, entry.listener);
            }
        }
    }

    /** Closes every subscription. */
    void closeAll() {
        for (Entry entry : entries) {
            entry.close();
        }
    }

    int size() {
        return entries.size();
    }

    /** One listener's subscription: what it wants, whether it is active. */
    private final class Entry implements Subscription {
        private final long id;
        private final EventType type;
        private final Domain domain;
        private final String target;
        private final EventListener listener;
        private final AtomicBoolean active = new AtomicBoolean(true);

        Entry(long id, EventType type, Domain domain, String target, EventListener listener) {
            this.id = id;
            this.type = type;
            this.domain = domain;
            this.target = target;
            this.listener = listener;
        }

        boolean matches(EventType eventType) {
            if (type != null) {
                return eventType == type;
            }
            return domain == null || eventType.domain() == domain;
        }

        @Override
        public boolean isActive() {
            return active.get();
        }

        @Override
        public void close() {
            if (active.compareAndSet(true, false)) {
                entries.remove(this);
            }
        }

        @Override
        public String toString() {
            return "subscription #" + id + " to " + target + " (listener " + listener.getClass().getName() + ")";
        }
    }
}
