/**
 * Tracing of the platform's own processes: {@link io.agentevents.platform.telemetry.ProcessTelemetry} sets up
 * the OpenTelemetry SDK from the standard {@code OTEL_*} variables, or registers the no-op.
 */
package io.agentevents.platform.telemetry;
