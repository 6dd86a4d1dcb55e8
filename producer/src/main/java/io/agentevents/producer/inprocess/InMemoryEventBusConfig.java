package io.agentevents.producer.inprocess;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.connection.Durations;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * Settings of an {@link InMemoryEventBus}, with defaults ({@link #defaults()}) and validation.
 * Immutable; the withers return a changed copy.
 *
 * @param topicPrefix           prefix of the topic names reported in {@code EmitResult}s:
 *                              {@code <prefix>.<domain>}, as on Kafka (default {@code events})
 * @param streamBufferCapacity  events buffered per {@link InMemoryEventBus#stream()} subscriber that has not
 *                              requested them yet (default {@link Flow#defaultBufferSize()}, 256; rounded up
 *                              to a power of two)
 * @param slowSubscriberTimeout how long an emit waits for room in a full stream subscriber's buffer
 *                              before that subscriber is dropped with a {@link SlowSubscriberException}
 *                              (default 2 s)
 * @param dispatchTimeout       how long an emit waits while another thread dispatches before it fails
 *                              with a retriable {@code EmitException} instead of hanging (default 30 s)
 * @param autoComplete          whether each emit lands at once (default true). When false, as with
 *                              Kafka's {@code MockProducer(autoComplete=false)}, an emit waits until the
 *                              test completes it with {@link InMemoryEventBus#completeNext()} or fails it
 *                              with {@link InMemoryEventBus#failNext(Throwable)}
 */
public record InMemoryEventBusConfig(
        String topicPrefix,
        int streamBufferCapacity,
        Duration slowSubscriberTimeout,
        Duration dispatchTimeout,
        boolean autoComplete) {

    /** Default buffer per stream subscriber: the JDK's {@link Flow#defaultBufferSize()}. */
    public static final int DEFAULT_STREAM_BUFFER_CAPACITY = Flow.defaultBufferSize();
    /** Default wait for room in a slow stream subscriber's buffer before dropping it. */
    public static final Duration DEFAULT_SLOW_SUBSCRIBER_TIMEOUT = Duration.ofSeconds(2);
    /** Default wait for another thread's dispatch before an emit gives up. */
    public static final Duration DEFAULT_DISPATCH_TIMEOUT = Duration.ofSeconds(30);
    /** Largest accepted {@link #streamBufferCapacity()}: the JDK publisher's limit. */
    public static final int MAX_STREAM_BUFFER_CAPACITY = 1 << 30;

    /** Validates every setting and names the bad one. */
    public InMemoryEventBusConfig {
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Domain.PLAN.topic(topicPrefix); // throws IllegalArgumentException naming a bad prefix
        if (streamBufferCapacity < 1 || streamBufferCapacity > MAX_STREAM_BUFFER_CAPACITY) {
            throw new IllegalArgumentException("streamBufferCapacity must be 1.." + MAX_STREAM_BUFFER_CAPACITY
                    + ", was " + streamBufferCapacity);
        }
        Durations.requirePositive("slowSubscriberTimeout", slowSubscriberTimeout);
        Durations.requirePositive("dispatchTimeout", dispatchTimeout);
    }

    /**
     * Topic prefix {@code events}, 256 events per stream subscriber, 2 s slow-subscriber wait, 30 s
     * dispatch wait, emits complete at once.
     */
    public static InMemoryEventBusConfig defaults() {
        return new InMemoryEventBusConfig(Domain.DEFAULT_TOPIC_PREFIX, DEFAULT_STREAM_BUFFER_CAPACITY,
                DEFAULT_SLOW_SUBSCRIBER_TIMEOUT, DEFAULT_DISPATCH_TIMEOUT, true);
    }

    public InMemoryEventBusConfig withTopicPrefix(String topicPrefix) {
        return new InMemoryEventBusConfig(topicPrefix, streamBufferCapacity, slowSubscriberTimeout, dispatchTimeout,
                autoComplete);
    }

    public InMemoryEventBusConfig withStreamBufferCapacity(int streamBufferCapacity) {
        return new InMemoryEventBusConfig(topicPrefix, streamBufferCapacity, slowSubscriberTimeout, dispatchTimeout,
                autoComplete);
    }

    public InMemoryEventBusConfig withSlowSubscriberTimeout(Duration slowSubscriberTimeout) {
        return new InMemoryEventBusConfig(topicPrefix, streamBufferCapacity, slowSubscriberTimeout, dispatchTimeout,
                autoComplete);
    }

    public InMemoryEventBusConfig withDispatchTimeout(Duration dispatchTimeout) {
        return new InMemoryEventBusConfig(topicPrefix, streamBufferCapacity, slowSubscriberTimeout, dispatchTimeout,
                autoComplete);
    }

    /** With {@code false}, emits wait for {@link InMemoryEventBus#completeNext()} or {@link InMemoryEventBus#failNext(Throwable)}. */
    public InMemoryEventBusConfig withAutoComplete(boolean autoComplete) {
        return new InMemoryEventBusConfig(topicPrefix, streamBufferCapacity, slowSubscriberTimeout, dispatchTimeout,
                autoComplete);
    }
}
