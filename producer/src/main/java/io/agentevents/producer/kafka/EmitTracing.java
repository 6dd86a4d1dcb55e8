package io.agentevents.producer.kafka;

import io.agentevents.schemas.DomainEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PRODUCER span of each emit, with OpenTelemetry's messaging conventions (system {@code kafka},
 * destination, key, message id = event id) and the event's type and plan, and the W3C
 * {@code traceparent} the record carries: the span's, so a reader's span continues this trace.
 * Without an OpenTelemetry SDK the spans are no-ops, yet a trace the emitting thread is already in
 * (e.g. a subscriber's handler) still reaches the record's {@code traceparent}; with no trace at all,
 * the bus's {@link TraceContext} may supply one. Thread-safe.
 */
final class EmitTracing {
    /** The instrumentation scope of the emit spans. */
    static final String SCOPE = "io.agentevents.producer";

    private final Tracer tracer;
    private final TraceContext fallback;
    /** {@code "<topic> send"} per topic, made once (a bus writes to one topic per domain). */
    private final Map<String, String> spanNames = new ConcurrentHashMap<>();

    EmitTracing(OpenTelemetry openTelemetry, TraceContext fallback) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.fallback = fallback;
    }

    /** Starts the span of one emit, a child of the emitting thread's current span if there is one. */
    Span start(DomainEvent event, String topic) {
        SpanBuilder builder = tracer.spanBuilder(spanNames.computeIfAbsent(topic, name -> name + " send"))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.operation.name", "send")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.kafka.message.key", event.correlationId())
                .setAttribute("messaging.message.id", event.eventId())
                .setAttribute("eventbus.event.type", event.type().wireName());
        if (event.planId() != null) {
            builder.setAttribute("eventbus.plan.id", event.planId());
        }
        return builder.startSpan();
    }

    /** The {@code traceparent} of the record: the span's context when it has one, else the fallback's (or null). */
    String traceparent(Span span) {
        SpanContext context = span.getSpanContext();
        if (context.isValid()) {
            return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
        }
        return fallback.currentTraceparent().orElse(null);
    }

    /** Ends the span of an acknowledged emit, with where the record landed. */
    static void acknowledged(Span span, RecordMetadata landed) {
        if (span.isRecording()) {
            span.setAttribute("messaging.destination.partition.id", Integer.toString(landed.partition()));
            span.setAttribute("messaging.kafka.offset", landed.offset());
        }
        span.end();
    }

    /** Ends the span of a failed emit, with the failure. */
    static void failed(Span span, Throwable failure) {
        if (span.isRecording()) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? failure.getClass().getSimpleName()
                    : failure.getMessage());
        }
        span.end();
    }
}
