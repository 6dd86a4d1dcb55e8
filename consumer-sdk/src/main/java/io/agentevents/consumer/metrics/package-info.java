/**
 * Metrics of an agent process that runs only the SDK: {@link io.agentevents.consumer.metrics.PrometheusEndpoint}
 * serves a Micrometer registry on {@code /metrics} in Prometheus text.
 */
package io.agentevents.consumer.metrics;
