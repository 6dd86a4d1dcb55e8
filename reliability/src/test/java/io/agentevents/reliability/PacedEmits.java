package io.agentevents.reliability;

import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Test helper: emits events at a steady rate, a batch every 50 ms, as live traffic for a scenario
 * whose fault hits the readers. At most a second's worth of batches waits for its
 * acknowledgement: beyond that the emitter waits for the oldest (so the rate drops when the
 * cluster is slower). Stateless.
 */
final class PacedEmits {
    private static final Duration TICK = Duration.ofMillis(50);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final int UNACKNOWLEDGED_BATCHES = 20;

    private PacedEmits() {
    }

    /**
     * Emits {@code eventAt.apply(0) .. eventAt.apply(total - 1)}, about {@code perSecond} a second, on
     * the calling thread; returns how long it took.
     *
     * @throws IllegalStateException when a batch is not acknowledged within 30 s or an emit fails
     */
    static Duration emit(KafkaEventBus bus, int total, int perSecond, IntFunction<DomainEvent> eventAt)
            throws InterruptedException {
        int perTick = Math.max(1, (int) (perSecond * TICK.toMillis() / 1000));
        long started = System.nanoTime();
        long tick = started;
        ArrayDeque<CompletableFuture<Void>> unacknowledged = new ArrayDeque<>();
        for (int from = 0; from < total; from += perTick) {
            List<CompletableFuture<EmitResult>> sent = new ArrayList<>();
            for (int i = from; i < Math.min(total, from + perTick); i++) {
                sent.add(bus.emit(eventAt.apply(i)));
            }
            unacknowledged.add(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));
            while (unacknowledged.size() > UNACKNOWLEDGED_BATCHES) {
                await(unacknowledged.poll());
            }
            tick += TICK.toNanos();
            long wait = tick - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // pacing the emitter, not waiting for an outcome
            }
        }
        while (!unacknowledged.isEmpty()) {
            await(unacknowledged.poll());
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static void await(CompletableFuture<Void> batch) throws InterruptedException {
        try {
            batch.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a batch of events not acknowledged within " + ACK_TIMEOUT + ": " + e, e);
        }
    }
}
