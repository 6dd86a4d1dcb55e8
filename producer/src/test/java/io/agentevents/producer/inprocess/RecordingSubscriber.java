package io.agentevents.producer.inprocess;

import io.agentevents.schemas.DomainEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Requests {@code initial} on subscribe, then what the test asks; flags any event beyond the demand. */
class RecordingSubscriber implements Flow.Subscriber<DomainEvent> {
    final List<DomainEvent> received = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final AtomicBoolean completed = new AtomicBoolean();
    final AtomicBoolean overRequested = new AtomicBoolean();
    private final AtomicLong demand = new AtomicLong();
    private final long initial;

    RecordingSubscriber(long initial) {
        this.initial = initial;
    }

    void request(long n) {
        demand.addAndGet(n);
        subscription.get().request(n);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.set(s);
        if (initial > 0) {
            request(initial);
        }
    }

    @Override
    public void onNext(DomainEvent item) {
        if (demand.decrementAndGet() < 0) {
            overRequested.set(true);
        }
        threads.add(Thread.currentThread().getName());
        received.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        error.set(throwable);
    }

    @Override
    public void onComplete() {
        completed.set(true);
    }
}
