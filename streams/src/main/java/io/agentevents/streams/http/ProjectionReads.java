package io.agentevents.streams.http;

import io.agentevents.schemas.EventType;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.PlanFold;
import io.agentevents.streams.model.PlanIndex;
import io.agentevents.streams.model.PlanState;
import io.agentevents.streams.model.RateWindow;
import io.agentevents.streams.store.PlanIndexStore;
import io.agentevents.streams.store.TrailStore;
import io.agentevents.streams.topology.ProjectionStores;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads this instance's own state stores through Kafka Streams' interactive queries and turns them
 * into the model values the API shows. Each read may throw Kafka Streams'
 * {@code InvalidStateStoreException} while the stores are not queryable (the router answers 503).
 * Thread-safe: stateless over thread-safe store views.
 */
final class ProjectionReads {
    private final KafkaStreams streams;
    private final TrailStore.EventReader events;
    private final Duration rateWindow;

    ProjectionReads(KafkaStreams streams, TrailStore.EventReader events, Duration rateWindow) {
        this.streams = streams;
        this.events = events;
        this.rateWindow = rateWindow;
    }

    Optional<PlanState> plan(String planId) {
        ReadOnlyKeyValueStore<String, PlanFold> store = keyValueStore(ProjectionStores.PLAN_STATE);
        return Optional.ofNullable(store.get(planId)).map(PlanFold::state);
    }

    /** Every plan state this instance holds (its own partitions only). */
    List<PlanState> allPlans() {
        ReadOnlyKeyValueStore<String, PlanFold> store = keyValueStore(ProjectionStores.PLAN_STATE);
        List<PlanState> states = new ArrayList<>();
        try (var iterator = store.all()) {
            iterator.forEachRemaining(entry -> states.add(entry.value.state()));
        }
        return states;
    }

    Optional<PlanIndex> plansOfRoot(String rootPlanId) {
        return PlanIndexStore.read(keyValueStore(ProjectionStores.PLANS_BY_ROOT), rootPlanId);
    }

    /** The offsets a trail has folded in (its head only: cheap enough to poll). */
    Optional<Map<String, Long>> trailOffsets(String storeName, String key) {
        return TrailStore.offsets(keyValueStore(ProjectionStores.AUDIT_HEADS), kind(storeName), key);
    }

    Optional<AuditTrail> trail(String storeName, String key) {
        return TrailStore.read(keyValueStore(storeName), keyValueStore(ProjectionStores.AUDIT_HEADS), kind(storeName), key,
                events);
    }

    List<RateWindow> rates(EventType type, Instant from, Instant to) {
        ReadOnlyWindowStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                ProjectionStores.EVENT_RATES, QueryableStoreTypes.windowStore()));
        List<RateWindow> windows = new ArrayList<>();
        try (WindowStoreIterator<Long> iterator = store.fetch(type.wireName(), from, to)) {
            while (iterator.hasNext()) {
                var next = iterator.next();
                Instant start = Instant.ofEpochMilli(next.key);
                windows.add(new RateWindow(type.wireName(), start, start.plus(rateWindow), next.value));
            }
        }
        return windows;
    }

    private static byte kind(String storeName) {
        return storeName.equals(ProjectionStores.AUDIT_BY_CORRELATION) ? TrailStore.CORRELATION_TRAILS : TrailStore.PLAN_TRAILS;
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }
}
