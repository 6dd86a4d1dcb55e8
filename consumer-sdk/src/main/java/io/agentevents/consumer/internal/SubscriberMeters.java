package io.agentevents.consumer.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One subscriber's meters in an application's {@link MeterRegistry}: its counters (consumed,
 * skipped, handled, failed attempts, dead-lettered), gauges (lag, in flight, buffered), the handler
 * time histogram, and its Kafka consumer's own client metrics, all tagged {@code group=<group id>}.
 * The counters are read from the subscriber's own adders when the registry is scraped: nothing is
 * added to the record path but the handler timer. {@link #close} removes them all.
 */
public final class SubscriberMeters implements AutoCloseable {
    /** Prefix of every subscriber meter (Prometheus: {@code eventbus_subscriber_...}). */
    public static final String PREFIX = "eventbus.subscriber.";

    private final MeterRegistry registry;
    private final List<Meter> meters;
    private final KafkaClientMetrics clientMetrics;

    private SubscriberMeters(MeterRegistry registry, List<Meter> meters, KafkaClientMetrics clientMetrics) {
        this.registry = registry;
        this.meters = meters;
        this.clientMetrics = clientMetrics;
    }

    /** The handler time histogram of a subscriber group, registered in {@code registry}. */
    public static Timer handlerTimer(MeterRegistry registry, String group) {
        return Timer.builder(PREFIX + "handler")
                .description("Time of each successful handling of one record by the subscriber's listeners")
                .tags(tags(group))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    /**
     * Registers a started subscriber's meters.
     *
     * @param handlerTimer the timer {@link #handlerTimer} made for the recorder (removed on close too)
     */
    public static SubscriberMeters bind(MeterRegistry registry, String group, SubscriberMetricsRecorder recorder,
                                        WorkTracker tracker, Timer handlerTimer, Consumer<?, ?> consumer) {
        List<Meter> meters = new ArrayList<>();
        meters.add(handlerTimer);
        meters.add(counter(registry, group, "consumed", "Records read from Kafka", recorder,
                r -> r.consumed.sum()));
        meters.add(counter(registry, group, "skipped", "Records not for this subscriber, of unknown type, or given up"
                + " on under the SKIP policy", recorder, r -> r.skipped.sum()));
        meters.add(counter(registry, group, "handled", "Records whose listeners all succeeded", recorder,
                r -> r.handled.sum()));
        meters.add(counter(registry, group, "failed.attempts", "Listener calls that threw (each retry counts)",
                recorder, r -> r.failedAttempts.sum()));
        meters.add(counter(registry, group, "dead.lettered", "Records written to a dead-letter topic", recorder,
                r -> r.deadLettered.sum()));
        meters.add(gauge(registry, group, "lag", "Records behind the end of the assigned partitions, plus those"
                + " read and not yet finished, at the last check", recorder, r -> r.lag.get()));
        meters.add(gauge(registry, group, "in.flight", "Records being handled now", tracker, t -> t.running()));
        meters.add(gauge(registry, group, "buffered", "Records read and not yet finished", tracker, t -> t.pending()));
        KafkaClientMetrics clientMetrics = new KafkaClientMetrics(consumer, tags(group));
        clientMetrics.bindTo(registry);
        return new SubscriberMeters(registry, meters, clientMetrics);
    }

    private static Tags tags(String group) {
        return Tags.of("group", group);
    }

    private static <T> FunctionCounter counter(MeterRegistry registry, String group, String name, String description,
                                               T source, ToDoubleFunction<T> count) {
        return FunctionCounter.builder(PREFIX + name, source, count).description(description).tags(tags(group))
                .register(registry);
    }

    private static <T> Gauge gauge(MeterRegistry registry, String group, String name, String description, T source,
                                   ToDoubleFunction<T> value) {
        return Gauge.builder(PREFIX + name, source, value).description(description).tags(tags(group))
                .strongReference(true).register(registry);
    }

    /** Removes every meter of this subscriber from the registry, the Kafka client's included. */
    @Override
    public void close() {
        clientMetrics.close();
        meters.forEach(registry::remove);
    }
}
