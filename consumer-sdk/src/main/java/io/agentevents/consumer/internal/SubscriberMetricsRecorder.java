package io.agentevents.consumer.internal;

import io.agentevents.consumer.SubscriberMetrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one subscriber, updated from any thread (lock-free). */
public final class SubscriberMetricsRecorder {
    final LongAdder consumed = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder handled = new LongAdder();
    final LongAdder failedAttempts = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder handlerNanos = new LongAdder();
    final AtomicLong maxHandlerNanos = new AtomicLong();
    final AtomicLong lag = new AtomicLong();

    void handled(long nanos) {
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
