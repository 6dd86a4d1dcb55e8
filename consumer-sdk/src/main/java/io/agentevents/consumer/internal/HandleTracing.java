package io.agentevents.consumer.internal;

import io.agentevents.schemas.DomainEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CONSUMER span of each handler call (each attempt), with OpenTelemetry's messaging conventions,
 * whose parent is the context in the record's W3C {@code traceparent} header. The listeners run with
 * it as the current context, so events they emit continue the same trace; without an OpenTelemetry
 * SDK no span is recorded but the record's trace still becomes the current context. Thread-safe.
 */
public final class HandleTracing {
    /** The instrumentation scope of the handler spans. */
    public static final String SCOPE = "io.agentevents.consumer";

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            for (Header header : carrier) {
                keys.add(header.key());
            }
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            if (carrier == null) {
                return null;
            }
            Header header = carrier.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final Tracer tracer;
    private final String group;
    /** {@code "<topic> process"} per topic, made once. */
    private final Map<String, String> spanNames = new ConcurrentHashMap<>();

    public HandleTracing(OpenTelemetry openTelemetry, String group) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.group = group;
    }

    /** Starts the span of one handler call of a record; make it current while the listeners run. */
    Span start(ConsumerRecord<String, byte[]> record, DomainEvent event, int attempt) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), record.headers(), HEADERS);
        SpanBuilder builder = tracer.spanBuilder(spanNames.computeIfAbsent(record.topic(), topic -> topic + " process"))
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.operation.name", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.consumer.group.name", group)
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute("messaging.message.id", event.eventId())
                .setAttribute("eventbus.event.type", event.type().wireName())
                .setAttribute("eventbus.attempt", attempt);
        if (record.key() != null) {
            builder.setAttribute("messaging.kafka.message.key", record.key());
        }
        if (event.planId() != null) {
            builder.setAttribute("eventbus.plan.id", event.planId());
        }
        return builder.startSpan();
    }

    /** Ends a handler call's span; a listener's failure is recorded on it. */
    static void end(Span span, Exception failure) {
        if (failure != null && span.isRecording()) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.toString());
        }
        span.end();
    }
}
