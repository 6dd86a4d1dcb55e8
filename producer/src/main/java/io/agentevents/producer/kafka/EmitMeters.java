package io.agentevents.producer.kafka;

import io.agentevents.schemas.Domain;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A bus's meters in an application's Micrometer registry: events emitted (acknowledged) and failed
 * per domain, the time from {@code emit} to the acknowledgement, and the Kafka producer's own client
 * metrics, tagged {@code client=<client.id>}. Every meter exists from the start (one lookup-free
 * update per emit). Two buses with one client id in one registry share their meters, and the first
 * closed removes them: give each bus its own client id. {@link #NONE} records nothing. Thread-safe.
 */
final class EmitMeters implements AutoCloseable {
    /** Prefix of every emit meter (Prometheus: {@code eventbus_emit_...}). */
    static final String PREFIX = "eventbus.emit.";
    static final EmitMeters NONE = new EmitMeters(null, Map.of(), Map.of(), Map.of(), Map.of(), null);

    private final MeterRegistry registry;
    private final Map<Domain, Timer> latency;
    private final Map<Domain, Counter> emitted;
    private final Map<Domain, Counter> failedRetriable;
    private final Map<Domain, Counter> failedFinal;
    private final KafkaClientMetrics clientMetrics;

    private EmitMeters(MeterRegistry registry, Map<Domain, Timer> latency, Map<Domain, Counter> emitted,
                       Map<Domain, Counter> failedRetriable, Map<Domain, Counter> failedFinal,
                       KafkaClientMetrics clientMetrics) {
        this.registry = registry;
        this.latency = latency;
        this.emitted = emitted;
        this.failedRetriable = failedRetriable;
        this.failedFinal = failedFinal;
        this.clientMetrics = clientMetrics;
    }

    /** Registers a started bus's meters, its producer's client metrics included. */
    static EmitMeters bind(MeterRegistry registry, String clientId, Producer<?, ?> producer) {
        Map<Domain, Timer> latency = new EnumMap<>(Domain.class);
        Map<Domain, Counter> emitted = new EnumMap<>(Domain.class);
        Map<Domain, Counter> retriable = new EnumMap<>(Domain.class);
        Map<Domain, Counter> notRetriable = new EnumMap<>(Domain.class);
        for (Domain domain : Domain.values()) {
            String name = domain.name().toLowerCase(java.util.Locale.ROOT);
            latency.put(domain, Timer.builder(PREFIX + "latency")
                    .description("Time from emit to the brokers' acknowledgement (acks=all) of an emitted event")
                    .tag("client", clientId).tag("domain", name).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                    .register(registry));
            emitted.put(domain, Counter.builder(PREFIX + "emitted").description("Events emitted and acknowledged")
                    .tag("client", clientId).tag("domain", name).register(registry));
            retriable.put(domain, Counter.builder(PREFIX + "failed").description("Emits that failed (EmitException)")
                    .tag("client", clientId).tag("domain", name).tag("retriable", "true").register(registry));
            notRetriable.put(domain, Counter.builder(PREFIX + "failed").description("Emits that failed (EmitException)")
                    .tag("client", clientId).tag("domain", name).tag("retriable", "false").register(registry));
        }
        KafkaClientMetrics clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        return new EmitMeters(registry, latency, emitted, retriable, notRetriable, clientMetrics);
    }

    /** An event of {@code domain}, emitted at {@code startedNanos}, was acknowledged. */
    void acknowledged(Domain domain, long startedNanos) {
        Timer timer = latency.get(domain);
        if (timer != null) {
            timer.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
            emitted.get(domain).increment();
        }
    }

    /** An emit of {@code domain} failed. */
    void failed(Domain domain, boolean retriable) {
        Counter counter = (retriable ? failedRetriable : failedFinal).get(domain);
        if (counter != null) {
            counter.increment();
        }
    }

    /** Removes every meter of this bus from the registry, the producer's client metrics included. */
    @Override
    public void close() {
        if (registry == null) {
            return;
        }
        clientMetrics.close();
        List<Meter> meters = new ArrayList<>(latency.values());
        meters.addAll(emitted.values());
        meters.addAll(failedRetriable.values());
        meters.addAll(failedFinal.values());
        meters.forEach(registry::remove);
    }
}
