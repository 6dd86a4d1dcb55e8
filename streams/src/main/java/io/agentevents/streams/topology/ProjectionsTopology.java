package io.agentevents.streams.topology;

import io.agentevents.streams.model.JsonSerdes;
import io.agentevents.streams.model.PlanFold;
import io.agentevents.streams.model.PlanState;
import io.agentevents.streams.model.RateWindow;
import io.agentevents.streams.store.PlanFoldSerde;

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

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The projections as a Kafka Streams topology: a pure function of a {@link StreamsBuilder} and
 * {@link ProjectionOptions}, used by the application and by the {@code TopologyTestDriver} tests alike.
 *
 * <p><b>Input.</b> One source over every domain topic ({@link ProjectionOptions#sourceTopics()}),
 * key ignored, value read by the event serde (the bytes are kept too), time = the event's own
 * timestamp (event time). Each event gets its source topic, partition and offset attached; null values
 * and events of type {@code UNKNOWN} are skipped and counted ({@link ProjectionErrorCounter});
 * undecodable records never get here ({@link ProjectionsDeserializationHandler}).
 *
 * <p><b>Audit log.</b> Every event becomes an {@code AuditEntry}, written to
 * {@value ProjectionStores#AUDIT_TOPIC} (key: correlation id).
 *
 * <p><b>One repartition.</b> Each event is sent, through one internal topic
 * ({@code <application.id>-projection-events-repartition}), to the owner of every key it concerns,
 * one record per distinct key with the roles it plays there ({@link RoutedEvent}): its correlation id
 * (an entry of that trail), its plan (an entry of the plan's trail and a fact of its fold), its root
 * plan (tree membership) and the parent a {@code plan.created} names (a child), plus a small rate
 * tick keyed by its type. So the trails are whole whatever partitioner the producers used. The roles
 * for the event's own record key skip the trip when the task reading the event owns that key
 * ({@link InPlaceRouting}: producers keying by correlation id with Kafka's default partitioner); the
 * stores' processor reads both, so the domain topics and the internal topic are read by one
 * sub-topology, whose task of partition {@code p} owns the keys of partition {@code p}.
 *
 * <p><b>Trails and trees.</b> The owner keeps {@value ProjectionStores#AUDIT_BY_CORRELATION},
 * {@value ProjectionStores#AUDIT_BY_PLAN} ({@code TrailStore}: one store record per entry, bounded by
 * the retention, with the trails' heads in {@value ProjectionStores#AUDIT_HEADS}) and
 * {@value ProjectionStores#PLANS_BY_ROOT} ({@code PlanIndexStore}).
 *
 * <p><b>Plans.</b> What changes a plan's fold (a new own event, a copy of one already in the plan's
 * trail, a child) is aggregated into {@value ProjectionStores#PLAN_STATE} ({@link PlanFold}, whose
 * Javadoc states the fold rules; cached, so a plan changed many times within a commit interval is
 * written once), and each written fold's {@link PlanState} goes to the compacted
 * {@value ProjectionStores#PLAN_STATE_TOPIC} (key: plan id).
 *
 * <p><b>Rates.</b> Ticks are counted per wire type per tumbling window of {@code rateWindow} by
 * event time, accepting events up to {@code rateGrace} late (behind the greatest event time seen by
 * the task); later ones are dropped by Kafka Streams. Counts are kept in memory (one entry per type
 * and window, restored from the changelog when a task starts) in
 * {@value ProjectionStores#EVENT_RATES} for {@link ProjectionStores#EVENT_RATES_RETENTION} and changes
 * are written to {@value ProjectionStores#EVENT_RATES_TOPIC} (key {@code <type>@<windowStart>},
 * value {@link RateWindow}).
 *
 * <p>Every processor, store and internal topic is named, so the topology keeps its shape (and its
 * state) across versions that do not change it.
 */
public final class ProjectionsTopology {
    /** The name of the one internal topic (after {@code <application.id>-}, before {@code -repartition}). */
    public static final String PROJECTION_EVENTS = "projection-events";

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

        KStream<String, SourcedEvent> events = builder
                .stream(options.sourceTopics(), Consumed.with(keys, new ReadEvent.ReadEventSerde(options.eventSerde()))
                        .withTimestampExtractor(new EventTimeExtractor()).withName("events"))
                .processValues(SourceProcessor::new, Named.as("sourced-events"));

        events.selectKey((key, sourced) -> sourced.event().correlationId(), Named.as("audit-entries"))
                .to(ProjectionStores.AUDIT_TOPIC, Produced.with(keys, Serdes.serdeFrom(new AuditEntryJsonSerializer(),
                        (topic, bytes) -> {
                            throw new UnsupportedOperationException("the audit output is written, never read here");
                        })).withName("audit-output"));

        KStream<String, RoutedEvent> routed = events
                .process(RouteProcessor::new, Named.as("projection-routes"))
                .repartition(Repartitioned.with(keys, new RoutedEventSerde()).withName(PROJECTION_EVENTS));
        // the roles for a record key this task owns, applied here: same key, so no second repartition
        KStream<String, RoutedEvent> inPlace = events.processValues(InPlaceRouteProcessor::new, Named.as("projection-routes-in-place"));

        plans(builder, inPlace.merge(routed, Named.as("projection-events-all")), options, keys);
        rates(routed, options, keys);
    }

    private static void plans(StreamsBuilder builder, KStream<String, RoutedEvent> routed, ProjectionOptions options,
                              Serde<String> keys) {
        // entries are written once each: no cache; heads and tree members change or repeat within a
        // commit interval: cached, so each is written once per interval
        for (String store : List.of(ProjectionStores.AUDIT_BY_CORRELATION, ProjectionStores.AUDIT_BY_PLAN)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
        }
        for (String store : List.of(ProjectionStores.AUDIT_HEADS, ProjectionStores.PLANS_BY_ROOT)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled());
        }
        routed
                .filterNot((key, event) -> event.has(RoutedEvent.TICK), Named.as("projection-records"))
                .processValues(() -> new ProjectionProcessor(options.retention()), Named.as("projection-owner"),
                        ProjectionStores.AUDIT_BY_CORRELATION, ProjectionStores.AUDIT_BY_PLAN, ProjectionStores.AUDIT_HEADS,
                        ProjectionStores.PLANS_BY_ROOT)
                .groupByKey(Grouped.with("plan-updates", keys, new PlanUpdate.PlanUpdateSerde()))
                // the initializer knows no key: the first update of a plan starts its empty fold
                .aggregate(() -> PlanFold.empty(""),
                        (planId, update, fold) -> update.applyTo(fold.planId().isEmpty() ? PlanFold.empty(planId) : fold),
                        Named.as("plan-fold"),
                        Materialized.<String, PlanFold, KeyValueStore<Bytes, byte[]>>as(ProjectionStores.PLAN_STATE)
                                .withKeySerde(keys).withValueSerde(new PlanFoldSerde()))
                .toStream(Named.as("plan-changes"))
                .mapValues(PlanFold::state, Named.as("plan-states"))
                .to(ProjectionStores.PLAN_STATE_TOPIC, Produced.with(keys, JsonSerdes.of(PlanState.class))
                        .withName("plan-state-output"));
    }

    private static void rates(KStream<String, RoutedEvent> routed, ProjectionOptions options, Serde<String> keys) {
        Duration retention = options.rateWindow().plus(options.rateGrace()).compareTo(ProjectionStores.EVENT_RATES_RETENTION) > 0
                ? options.rateWindow().plus(options.rateGrace()) : ProjectionStores.EVENT_RATES_RETENTION;
        routed
                .filter((type, event) -> event.has(RoutedEvent.TICK), Named.as("rate-ticks"))
                .groupByKey(Grouped.with("rate-ticks-by-type", keys, new RoutedEventSerde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(options.rateWindow(), options.rateGrace()))
                // in memory (restored from its changelog when a task starts): a RocksDB window store of a task
                // that never counted a tick has no segment, so no committed offset, and Kafka Streams 4.3 under
                // exactly-once then finds the whole task corrupted each time it starts on kept state or moves
                // between threads, wipes it and forces a rebalance, over and over
                .count(Named.as("event-rates-count"),
                        Materialized.<String, Long>as(Stores.inMemoryWindowStore(ProjectionStores.EVENT_RATES, retention,
                                        options.rateWindow(), false))
                                .withKeySerde(keys).withValueSerde(Serdes.Long()))
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
