package io.agentevents.producer.inprocess;

import io.agentevents.schemas.DomainEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reactive side of an {@link InMemoryEventBus}: a {@link SubmissionPublisher} with one bounded
 * buffer per subscriber, delivering on its own daemon threads, and the slow-subscriber policy
 * (wait up to a bound for buffer room, then drop the subscriber with {@code onError}).
 *
 * <p>{@link #publish} is called by the bus in history order, with its dispatch lock held; it
 * blocks at most {@code slowSubscriberTimeout} for each subscriber whose buffer is full, and each
 * such subscriber costs at most one wait, since it is then dropped.
 */
final class EventStream implements Flow.Publisher<DomainEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final Executor executor;
    private final SubmissionPublisher<DomainEvent> publisher;
    private final int bufferCapacity;
    private final Duration slowSubscriberTimeout;

    EventStream(int bufferCapacity, Duration slowSubscriberTimeout) {
        this.bufferCapacity = bufferCapacity;
        this.slowSubscriberTimeout = slowSubscriberTimeout;
        // Threads end after 5 s idle, so the pool needs no shutdown: a subscriber may still drain its
        // buffer (and receive onComplete) after the bus is closed.
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads("inmemory-bus-" + Integer.toHexString(System.identityHashCode(this)) + "-stream-"));
        this.publisher = new SubmissionPublisher<>(executor, bufferCapacity);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super DomainEvent> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        publisher.subscribe(new GuardedSubscriber(subscriber, executor));
    }

    /** Offers one event to every current subscriber; never blocks longer than the slow-subscriber policy allows. */
    void publish(DomainEvent event) {
        if (publisher.isClosed()) {
            return;
        }
        try {
            publisher.offer(event, slowSubscriberTimeout.toNanos(), TimeUnit.NANOSECONDS, this::dropSlowSubscriber);
        } catch (IllegalStateException closedMeanwhile) {
            // Only when close() gave up waiting for this dispatch and closed the stream under it:
            // the stream has completed, so there is no subscriber left to deliver to.
            LOG.debug("stream closed while event {} was being published", event.eventId());
        }
    }

    private boolean dropSlowSubscriber(Flow.Subscriber<? super DomainEvent> subscriber, DomainEvent event) {
        SlowSubscriberException slow = new SlowSubscriberException("stream subscriber dropped: its buffer of "
                + publisher.getMaxBufferCapacity() + " events stayed full for " + slowSubscriberTimeout.toMillis()
                + " ms, so event " + event.eventId() + " (" + event.type().wireName() + ") and later ones are not delivered to it");
        LOG.warn("{}", slow.getMessage());
        if (subscriber instanceof GuardedSubscriber guarded) {
            guarded.abort(slow);
        }
        return false; // do not retry: the subscriber is gone
    }

    int subscriberCount() {
        return publisher.getNumberOfSubscribers();
    }

    int bufferCapacity() {
        return bufferCapacity;
    }

    /** Completes the stream: each subscriber gets {@code onComplete} after the events already in its buffer. */
    void close() {
        publisher.close();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Stands between the publisher and a user's subscriber so the publisher side can drop it: signals
     * to the user's subscriber stay serialized (Reactive Streams rule 1.3), and dropping never waits
     * for the subscriber's {@code onNext} on the emitting thread (the {@code onError} is delivered on
     * a stream thread once the current {@code onNext} has returned).
     */
    static final class GuardedSubscriber implements Flow.Subscriber<DomainEvent> {
        private final Flow.Subscriber<? super DomainEvent> downstream;
        private final Executor executor;
        private final Object signals = new Object();
        private boolean terminated; // guarded by signals
        private volatile Flow.Subscription upstream;
        private final AtomicReference<Throwable> abortCause = new AtomicReference<>();

        GuardedSubscriber(Flow.Subscriber<? super DomainEvent> downstream, Executor executor) {
            this.downstream = downstream;
            this.executor = executor;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            synchronized (signals) {
                downstream.onSubscribe(subscription);
                upstream = subscription;
            }
            if (abortCause.get() != null) { // dropped before it was even subscribed
                subscription.cancel();
                deliverAbort();
            }
        }

        @Override
        public void onNext(DomainEvent event) {
            synchronized (signals) {
                if (!terminated) {
                    downstream.onNext(event);
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            synchronized (signals) {
                if (!terminated) {
                    terminated = true;
                    downstream.onError(failure);
                }
            }
        }

        @Override
        public void onComplete() {
            synchronized (signals) {
                if (!terminated) {
                    terminated = true;
                    downstream.onComplete();
                }
            }
        }

        /** Cancels the subscription and signals {@code cause} to the subscriber; returns at once. */
        void abort(Throwable cause) {
            if (!abortCause.compareAndSet(null, cause)) {
                return;
            }
            Flow.Subscription subscription = upstream;
            if (subscription != null) { // else onSubscribe, still to come, delivers it
                subscription.cancel();
                executor.execute(this::deliverAbort);
            }
        }

        private void deliverAbort() {
            onError(abortCause.get());
        }
    }
}
