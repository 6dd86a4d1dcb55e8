package io.agentevents.platform.demo;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One trace per plan tree a planner creates: while a tree's first events are emitted, a span of its
 * own is current, so they (and, through the {@code traceparent} of each record, every event the
 * other agents emit in reaction) are in that trace. With an OpenTelemetry SDK the span is recorded
 * ({@code plan <root>}); without one it is a span context with new random ids, which only carries
 * the trace id. Thread-safe.
 */
final class PlanTraces {
    private final Tracer tracer;

    PlanTraces(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.agentevents.demo");
    }

    /** Starts the trace of the plan tree under {@code root}; closing the scope ends its span. */
    Scope begin(String root) {
        Span recorded = tracer.spanBuilder("plan " + root).setNoParent().setAttribute("eventbus.plan.id", root).startSpan();
        Span span = recorded.getSpanContext().isValid() ? recorded : Span.wrap(newContext());
        Scope scope = span.makeCurrent();
        return () -> {
            scope.close();
            recorded.end();
        };
    }

    private static SpanContext newContext() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] traceId = new byte[16];
        byte[] spanId = new byte[8];
        do {
            random.nextBytes(traceId);
        } while (isZero(traceId));
        do {
            random.nextBytes(spanId);
        } while (isZero(spanId));
        HexFormat hex = HexFormat.of();
        return SpanContext.create(hex.formatHex(traceId), hex.formatHex(spanId), TraceFlags.getSampled(), TraceState.getDefault());
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
