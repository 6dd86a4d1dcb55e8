package io.agentevents.streams.app;

import io.agentevents.streams.topology.ProjectionErrorCounter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.util.function.ToDoubleFunction;

/**
 * The meters a projections application serves on {@code /metrics}: Kafka Streams' own metrics and
 * those of its clients (Micrometer's {@code kafka.stream.*}, {@code kafka.consumer.*},
 * {@code kafka.producer.*}), the records the projections skipped ({@code eventbus.projections.skipped}
 * by reason), whether they are running ({@code eventbus.projections.running}), the query API's
 * requests (added by the server), and the JVM's memory, GC, threads, CPU and uptime. Thread-safe.
 */
final class ProjectionsMeters implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private KafkaStreamsMetrics streamsMetrics;

    ProjectionsMeters() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Binds the application's Kafka Streams and its skip counters, tagged with the application id. */
    void bind(KafkaStreams streams, ProjectionErrorCounter skipped, String applicationId) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        skippedCounter("undecodable", "Records the projections could not decode (dead-lettered or skipped)", skipped,
                s -> s.snapshot().undecodableRecords(), applicationId);
        skippedCounter("unknown_event", "Events of a type this version does not know, skipped", skipped,
                s -> s.snapshot().unknownEvents(), applicationId);
        skippedCounter("dead_lettered", "Records written to the projections' dead-letter topic", skipped,
                s -> s.snapshot().deadLettered(), applicationId);
        skippedCounter("retriable_failure", "Records whose processing failed retriably (tried again)", skipped,
                s -> s.snapshot().retriableFailures(), applicationId);
        Gauge.builder("eventbus.projections.running", streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while Kafka Streams is RUNNING (queryable), else 0 (starting, rebalancing, stopped)")
                .tag("application", applicationId).register(registry);
    }

    private void skippedCounter(String reason, String description, ProjectionErrorCounter skipped,
                                ToDoubleFunction<ProjectionErrorCounter> count, String applicationId) {
        FunctionCounter.builder("eventbus.projections.skipped", skipped, count).description(description)
                .tag("application", applicationId).tag("reason", reason).register(registry);
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        gc.close();
        registry.close();
    }
}
