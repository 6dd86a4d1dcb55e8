package io.agentevents.consumer.internal;

import io.agentevents.consumer.SubscriberMetrics;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one subscriber, updated from any thread (lock-free). With a handler timer, each
 * successful handling is also recorded in it (a Micrometer meter the application's registry holds).
 */
public final class SubscriberMetricsRecorder {
    private final Timer handlerTimer;
    final LongAdder consumed = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder handled = new LongAdder();
    final LongAdder failedAttempts = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder handlerNanos = new LongAdder();
    final AtomicLong maxHandlerNanos = new AtomicLong();
    final AtomicLong lag = new AtomicLong();

    /** Counters, and each handler's time also into {@code handlerTimer} (may be null: none). */
    public SubscriberMetricsRecorder(Timer handlerTimer) {
        this.handlerTimer = handlerTimer;
    }

    void handled(long nanos) {
        if (handlerTimer != null) {
            handlerTimer.record(nanos, TimeUnit.NANOSECONDS);
        }
        handled.increment();
        handlerNanos.add(nanos);
        maxHandlerNanos.accumulateAndGet(nanos, Math::max);
    }

    public void consumed(int records) {
        consumed.add(records);
    }

    public void skipped() {
        skipped.increment();
    }

    public void skipped(int records) {
        skipped.add(records);
    }

    public void lag(long records) {
        lag.set(records);
    }

    public SubscriberMetrics snapshot(int inFlight, int buffered) {
        long count = handled.sum();
        return new SubscriberMetrics(consumed.sum(), skipped.sum(), count, failedAttempts.sum(), deadLettered.sum(),
                lag.get(), inFlight, buffered,
                count == 0 ? 0 : handlerNanos.sum() / count / 1_000, maxHandlerNanos.get() / 1_000);
    }
}
