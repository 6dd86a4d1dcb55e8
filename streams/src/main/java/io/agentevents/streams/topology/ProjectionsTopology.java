package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.AuditEntry;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.JsonSerdes;
import io.agentevents.streams.model.PlanFold;
import io.agentevents.streams.model.PlanIndex;
import io.agentevents.streams.model.PlanState;
import io.agentevents.streams.model.RateWindow;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.Objects;

/**
 * The projections as a Kafka Streams topology: a pure function of a {@link StreamsBuilder} and
 * {@link ProjectionOptions}, used by the application and by the {@code TopologyTestDriver} tests alike.
 *
 * <p><b>Input.</b> One source over every domain topic ({@link ProjectionOptions#sourceTopics()}),
 * key ignored, value read by the event serde, time = the event's own timestamp (event time). Each
 * event gets its source topic, partition and offset attached; null values and events of type
 * {@code UNKNOWN} are skipped and counted ({@link ProjectionErrorCounter}); undecodable records never
 * get here ({@link ProjectionsDeserializationHandler}).
 *
 * <p><b>Audit.</b> Every event becomes an {@code AuditEntry}, written to
 * {@value ProjectionStores#AUDIT_TOPIC} (key: correlation id), then repartitioned by correlation id
 * (internal topic {@code <application.id>-audit-by-correlation-repartition}, so the trail is whole
 * whatever partitioner the producers used) and folded into {@value ProjectionStores#AUDIT_BY_CORRELATION}
 * ({@link AuditTrail}).
 *
 * <p><b>Plans.</b> Each event is sent to every plan it is about (its plan, its root plan, and the
 * parent named by a {@code plan.created}), repartitioned by that plan id (internal topic
 * {@code <application.id>-plan-events-repartition}, which keeps the source position), and folded by
 * one processor into {@value ProjectionStores#PLAN_STATE} ({@link PlanFold}, whose Javadoc states the
 * fold rules), {@value ProjectionStores#AUDIT_BY_PLAN} (the plan's own events) and
 * {@value ProjectionStores#PLANS_BY_ROOT} ({@link PlanIndex}). Each change of a plan's fold writes its
 * {@link PlanState} to the compacted {@value ProjectionStores#PLAN_STATE_TOPIC} (key: plan id).
 *
 * <p><b>Rates.</b> Events are counted per wire type per tumbling window of {@code rateWindow} by
 * event time, accepting events up to {@code rateGrace} late (behind the greatest event time seen by
 * the task); later ones are dropped by Kafka Streams. Counts are kept in
 * {@value ProjectionStores#EVENT_RATES} for {@link ProjectionStores#EVENT_RATES_RETENTION} and every
 * change is written to {@value ProjectionStores#EVENT_RATES_TOPIC} (key {@code <type>@<windowStart>},
 * value {@link RateWindow}).
 *
 * <p>Every processor, store and internal topic is named, so the topology keeps its shape (and its
 * state) across versions that do not change it.
 */
public final class ProjectionsTopology {

    private ProjectionsTopology() {
    }

    /** The topology of {@code options} on a new builder. */
    public static Topology topology(ProjectionOptions options) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, options);
        return builder.build();
    }

    /** Adds the projections to {@code builder}. */
    public static void build(StreamsBuilder builder, ProjectionOptions options) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(options, "options");
        Serde<String> keys = Serdes.String();
        Serde<AuditEntry> entries = JsonSerdes.of(AuditEntry.class);

        KStream<String, SourcedEvent> events = builder
                .stream(options.sourceTopics(), Consumed.with(keys, options.eventSerde())
                        .withTimestampExtractor(new EventTimeExtractor()).withName("events"))
                .processValues(SourceProcessor::new, Named.as("sourced-events"));

        audit(events, options, keys, entries);
        plans(builder, events, options, keys);
        rates(events, options, keys);
    }

    private static void audit(KStream<String, SourcedEvent> events, ProjectionOptions options, Serde<String> keys,
                              Serde<AuditEntry> entries) {
        KStream<String, AuditEntry> byCorrelation = events.map(
                (key, sourced) -> KeyValue.pair(sourced.event().correlationId(), sourced.auditEntry()),
                Named.as("audit-entries"));
        byCorrelation.to(ProjectionStores.AUDIT_TOPIC, Produced.with(keys, entries).withName("audit-output"));
        byCorrelation
                .groupByKey(Grouped.with(ProjectionStores.AUDIT_BY_CORRELATION, keys, entries))
                .aggregate(AuditTrail::empty, (correlationId, entry, trail) -> trail.add(entry, options.retention()),
                        Named.as("audit-by-correlation-fold"),
                        Materialized.<String, AuditTrail, KeyValueStore<Bytes, byte[]>>as(ProjectionStores.AUDIT_BY_CORRELATION)
                                .withKeySerde(keys).withValueSerde(JsonSerdes.of(AuditTrail.class)));
    }

    private static void plans(StreamsBuilder builder, KStream<String, SourcedEvent> events, ProjectionOptions options,
                              Serde<String> keys) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ProjectionStores.PLAN_STATE),
                keys, JsonSerdes.of(PlanFold.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ProjectionStores.PLANS_BY_ROOT),
                keys, JsonSerdes.of(PlanIndex.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ProjectionStores.AUDIT_BY_PLAN),
                keys, JsonSerdes.of(AuditTrail.class)).withCachingEnabled());
        events
                .flatMap((key, sourced) -> PlanProjectionProcessor.routes(sourced.event()).stream()
                        .map(planId -> KeyValue.pair(planId, sourced)).toList(), Named.as("plan-routes"))
                .repartition(Repartitioned.with(keys, new SourcedEventSerde(options.eventSerde())).withName("plan-events"))
                .process(() -> new PlanProjectionProcessor(options.retention()), Named.as("plan-fold"),
                        ProjectionStores.PLAN_STATE, ProjectionStores.PLANS_BY_ROOT, ProjectionStores.AUDIT_BY_PLAN)
                .to(ProjectionStores.PLAN_STATE_TOPIC, Produced.with(keys, JsonSerdes.of(PlanState.class))
                        .withName("plan-state-output"));
    }

    private static void rates(KStream<String, SourcedEvent> events, ProjectionOptions options, Serde<String> keys) {
        Duration retention = options.rateWindow().plus(options.rateGrace()).compareTo(ProjectionStores.EVENT_RATES_RETENTION) > 0
                ? options.rateWindow().plus(options.rateGrace()) : ProjectionStores.EVENT_RATES_RETENTION;
        events
                .map((key, sourced) -> KeyValue.pair(sourced.event().type().wireName(), sourced.event().eventId()),
                        Named.as("event-types"))
                .groupByKey(Grouped.with(ProjectionStores.EVENT_RATES, keys, Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(options.rateWindow(), options.rateGrace()))
                .count(Named.as("event-rates-count"),
                        Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(ProjectionStores.EVENT_RATES)
                                .withKeySerde(keys).withValueSerde(Serdes.Long()).withRetention(retention))
                .toStream(Named.as("event-rates-changes"))
                .filter((window, count) -> window != null && count != null, Named.as("event-rates-present"))
                .map((window, count) -> {
                    RateWindow rate = rateWindow(window, count);
                    return KeyValue.pair(rate.topicKey(), rate);
                }, Named.as("event-rates-windows"))
                .to(ProjectionStores.EVENT_RATES_TOPIC, Produced.with(keys, JsonSerdes.of(RateWindow.class))
                        .withName("event-rates-output"));
    }

    private static RateWindow rateWindow(Windowed<String> window, long count) {
        return new RateWindow(window.key(), window.window().startTime(), window.window().endTime(), count);
    }
}
