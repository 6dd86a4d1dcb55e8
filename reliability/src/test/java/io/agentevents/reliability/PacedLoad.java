package io.agentevents.reliability;

import io.agentevents.producer.EmitResult;
import io.agentevents.producer.EventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test load: threads emitting {@code TOOL_INVOKED} events at a steady rate through one bus, each
 * thread over keys (correlation ids) of its own, each key's events numbered ({@code seq} detail)
 * in emit order, until {@link #stop()}. Records every emit and its outcome. Thread-safe.
 */
final class PacedLoad implements AutoCloseable {
    /** One emit: its event, key and place in the key's sequence, when it was emitted and completed, its outcome. */
    record Emit(String eventId, String key, long seq, long emittedAtNanos, AtomicLong completedAtNanos,
                CompletableFuture<EmitResult> outcome) {
        boolean acknowledged() {
            return outcome.isDone() && !outcome.isCompletedExceptionally();
        }

        Throwable failure() {
            return outcome.handle((result, failure) -> failure).join();
        }
    }

    private final List<Thread> threads = new ArrayList<>();
    private final List<List<Emit>> byThread = new ArrayList<>();
    private final Map<String, Emit> byId = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    /**
     * Starts {@code threadCount} threads emitting {@code perSecond} events in all, over
     * {@code keysPerThread} keys each, named after {@code source}.
     */
    static PacedLoad start(EventBus bus, String source, int threadCount, int perSecond, int keysPerThread) {
        PacedLoad load = new PacedLoad();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * threadCount / perSecond;
        for (int t = 0; t < threadCount; t++) {
            List<Emit> mine = new ArrayList<>();
            load.byThread.add(mine);
            int thread = t;
            Thread emitter = new Thread(() -> load.emit(bus, source + "-" + thread, keysPerThread, intervalNanos, mine),
                    source + "-emitter-" + t);
            emitter.setDaemon(true);
            load.threads.add(emitter);
        }
        load.threads.forEach(Thread::start);
        return load;
    }

    private void emit(EventBus bus, String source, int keyCount, long intervalNanos, List<Emit> mine) {
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            keys.add(DomainEvent.newId());
        }
        long[] seq = new long[keyCount];
        long next = System.nanoTime();
        for (int round = 0; !stopped; round++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            next += intervalNanos;
            int k = round % keyCount;
            DomainEvent event = DomainEvent.builder(EventType.TOOL_INVOKED).source(source).correlationId(keys.get(k))
                    .planId("plan-" + source + "-" + k).detail("seq", ++seq[k]).build();
            AtomicLong completedAt = new AtomicLong();
            long at = System.nanoTime();
            CompletableFuture<EmitResult> outcome = bus.emit(event);
            outcome.whenComplete((result, failure) -> completedAt.set(System.nanoTime()));
            Emit emit = new Emit(event.eventId(), keys.get(k), seq[k], at, completedAt, outcome);
            synchronized (mine) {
                mine.add(emit);
            }
            byId.put(emit.eventId(), emit);
        }
    }

    /** Stops emitting and waits for the threads (an emit blocked on metadata may take its max block). */
    void stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " still emitting 2 minutes after stop");
            }
        }
    }

    /** Waits until every emit has completed (acknowledged or failed). */
    void awaitCompletion(long timeout, TimeUnit unit) throws Exception {
        CompletableFuture.allOf(all().stream().map(Emit::outcome).map(future -> future.exceptionally(failure -> null))
                .toArray(CompletableFuture[]::new)).get(timeout, unit);
    }

    /** Every emit so far, thread by thread, each thread's in emit order. */
    List<Emit> all() {
        List<Emit> all = new ArrayList<>();
        for (List<Emit> mine : byThread) {
            synchronized (mine) {
                all.addAll(mine);
            }
        }
        return all;
    }

    int emitted() {
        return byId.size();
    }

    /** The emit of this event id, or null. */
    Emit byId(String eventId) {
        return byId.get(eventId);
    }

    /** Acknowledged emits, by event id. */
    Map<String, EmitResult> acknowledged() {
        Map<String, EmitResult> acknowledged = new ConcurrentHashMap<>();
        all().stream().filter(Emit::acknowledged).forEach(emit -> acknowledged.put(emit.eventId(), emit.outcome().join()));
        return acknowledged;
    }

    /** Failures of the emits that failed. */
    List<Throwable> failures() {
        return all().stream().filter(emit -> emit.outcome().isCompletedExceptionally()).map(Emit::failure).toList();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
