package io.agentevents.producer.kafka;

import java.util.Optional;

/**
 * Supplies the W3C {@code traceparent} of the emitting thread's current span, if any, so that
 * {@link KafkaEventBus} can put it on the record (e.g. from OpenTelemetry's current context). Must
 * be thread-safe and fast: it is called on every emit.
 */
@FunctionalInterface
public interface TraceContext {
    /** No tracing: records carry no {@code traceparent}. */
    TraceContext NONE = Optional::empty;

    Optional<String> currentTraceparent();
}
