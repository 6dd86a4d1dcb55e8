package io.agentevents.streams.store;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.serde.DomainEventSerde;
import io.agentevents.schemas.serde.SerdeConfig;
import io.agentevents.streams.model.AuditEntry;
import io.agentevents.streams.model.AuditRetention;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.SourcePosition;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.agentevents.streams.model.TestEvents.event;
import static io.agentevents.streams.model.TestEvents.id;
import static org.assertj.core.api.Assertions.assertThat;

/** A trail kept as one store record per entry: order, each event once, retention by count and age. */
class TrailStoreTest {

    private static final AuditRetention ROOMY = AuditRetention.defaults();
    private static final String OWNER = "p";

    private final DomainEventSerde serde = new DomainEventSerde(new InMemorySchemaRegistryClient(), SerdeConfig.defaults());
    private final KeyValueStore<Bytes, byte[]> store = store("trail");
    private final KeyValueStore<Bytes, byte[]> heads = store("heads");

    private static KeyValueStore<Bytes, byte[]> store(String name) {
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @AfterEach
    void close() {
        store.close();
        heads.close();
    }

    private TrailStore.Added add(TrailStore trails, long seconds, int n, long offset) {
        DomainEvent event = event(EventType.TOOL_INVOKED, "p", seconds, n);
        return trails.add(OWNER, event.eventId(), event.timestamp(), new SourcePosition("events.tool", 0, offset),
                serde.serializer().serialize("events.tool", event));
    }

    private AuditTrail trail() {
        return TrailStore.read(store, heads, TrailStore.PLAN_TRAILS, OWNER, serde.deserializer()::deserialize).orElseThrow();
    }

    @Test
    void anEntryKeepsItsTraceIdAndAnEntryOfThePreviousLayoutWithoutOneStillReads() {
        TrailStore trails = new TrailStore(store, heads, TrailStore.PLAN_TRAILS, ROOMY);
        DomainEvent traced = event(EventType.TOOL_INVOKED, "p", 1, 1);
        byte[] tracedBytes = serde.serializer().serialize("events.tool", traced);
        trails.add(OWNER, traced.eventId(), traced.timestamp(), new SourcePosition("events.tool", 0, 0), tracedBytes,
                "4bf92f3577b34da6a3ce929d0e0e4736");
        DomainEvent old = event(EventType.TOOL_SUCCEEDED, "p", 2, 2);
        byte[] oldBytes = serde.serializer().serialize("events.tool", old);
        add(trails, 2, 2, 1);
        // rewrite the second entry as the previous build wrote entries: layout 1, position, event bytes
        try (var entries = store.all()) {
            while (entries.hasNext()) {
                var entry = entries.next();
                if (entry.value[0] == 2 && new String(entry.value, java.nio.charset.StandardCharsets.ISO_8859_1).contains(old.eventId())) {
                    SourcePosition at = new SourcePosition("events.tool", 0, 1);
                    store.put(entry.key, new BinaryOut(64).writeByte(1).writePosition(at).writeRaw(oldBytes, 0, oldBytes.length)
                            .toByteArray());
                }
            }
        }
        AuditTrail trail = trail();
        assertThat(trail.entries()).extracting(AuditEntry::eventId, AuditEntry::traceId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(traced.eventId(), "4bf92f3577b34da6a3ce929d0e0e4736"),
                org.assertj.core.groups.Tuple.tuple(old.eventId(), null));
        assertThat(trail.entries().get(1).event()).containsEntry("event_type", "tool.succeeded");
    }

    @Test
    void entriesAreInTimestampThenEventIdOrderWhateverTheArrivalOrder() {
        TrailStore trails = new TrailStore(store, heads, TrailStore.PLAN_TRAILS, ROOMY);
        add(trails, 5, 3, 0);
        add(trails, 1, 4, 1);
        add(trails, 5, 2, 2);
        add(trails, 9, 1, 3);
        AuditTrail trail = trail();
        assertThat(trail.entries()).extracting(AuditEntry::eventId).containsExactly(id(4), id(2), id(3), id(1));
        assertThat(trail.inputOffsets()).containsExactly(Map.entry("events.tool-0", 3L));
        assertThat(trail.dropped()).isZero();
    }

    @Test
    void anEventIdAlreadyPresentIsNotAddedAgainAndTheFirstCopyIsKept() {
        TrailStore trails = new TrailStore(store, heads, TrailStore.PLAN_TRAILS, ROOMY);
        assertThat(add(trails, 1, 1, 5)).isEqualTo(TrailStore.Added.NEW);
        AuditTrail before = trail();
        assertThat(add(trails, 1, 1, 5)).isEqualTo(TrailStore.Added.DUPLICATE);
        assertThat(add(trails, 1, 1, 2)).isEqualTo(TrailStore.Added.DUPLICATE);
        assertThat(trail()).isEqualTo(before);
        assertThat(add(trails, 1, 1, 8)).isEqualTo(TrailStore.Added.DUPLICATE_MOVED);
        AuditTrail moved = trail();
        assertThat(moved.entries()).isEqualTo(before.entries());
        assertThat(moved.entries().get(0).offset()).isEqualTo(5);
        assertThat(moved.inputOffsets()).containsExactly(Map.entry("events.tool-0", 8L));
    }

    @Test
    void aCopyIsRecognisedWhetherItIsTheNewestEntryOrOlderAndANewerEventIsNew() {
        TrailStore trails = new TrailStore(store, heads, TrailStore.PLAN_TRAILS, ROOMY);
        assertThat(add(trails, 5, 1, 0)).isEqualTo(TrailStore.Added.NEW);
        assertThat(add(trails, 9, 2, 1)).isEqualTo(TrailStore.Added.NEW);
        assertThat(add(trails, 9, 3, 2)).as("another event at the newest time").isEqualTo(TrailStore.Added.NEW);
        assertThat(add(trails, 9, 2, 3)).as("a copy of the newest").isEqualTo(TrailStore.Added.DUPLICATE_MOVED);
        assertThat(add(trails, 5, 1, 4)).as("a copy of an older one").isEqualTo(TrailStore.Added.DUPLICATE_MOVED);
        assertThat(add(trails, 7, 4, 5)).as("an older new one").isEqualTo(TrailStore.Added.NEW);
        assertThat(add(trails, 12, 5, 6)).isEqualTo(TrailStore.Added.NEW);
        assertThat(trail().entries()).extracting(AuditEntry::eventId).containsExactly(id(1), id(4), id(2), id(3), id(5));
    }

    @Test
    void theOldestEntriesAreEvictedBeyondTheMaximumCount() {
        TrailStore trails = new TrailStore(store, heads, TrailStore.PLAN_TRAILS, new AuditRetention(3, Duration.ofDays(1)));
        add(trails, 4, 4, 0);
        add(trails, 2, 2, 1);
        add(trails, 5, 5, 2);
        add(trails, 1, 1, 3);
        add(trails, 3, 3, 4);
        AuditTrail trail = trail();
        assertThat(trail.entries()).extracting(AuditEntry::eventId).containsExactly(id(3), id(4), id(5));
        assertThat(trail.dropped()).isEqualTo(2);
        assertThat(trail.inputOffsets()).containsExactly(Map.entry("events.tool-0", 4L));
    }

    @Test
    void entriesOlderThanTheMaximumAgeBeforeTheNewestAreEvicted() {
        TrailStore trails = new TrailStore(store, heads, TrailStore.PLAN_TRAILS, new AuditRetention(100, Duration.ofMinutes(1)));
        add(trails, 0, 1, 0);
        add(trails, 30, 2, 1);
        add(trails, 60, 3, 2);
        assertThat(trail().entries()).hasSize(3);
        add(trails, 61, 4, 3);
        AuditTrail trail = trail();
        assertThat(trail.entries()).extracting(AuditEntry::eventId).containsExactly(id(2), id(3), id(4));
        assertThat(trail.dropped()).isEqualTo(1);
        add(trails, -100, 5, 4);
        AuditTrail late = trail();
        assertThat(late.entries()).isEqualTo(trail.entries());
        assertThat(late.dropped()).isEqualTo(2);
    }

    @Test
    void trailsOfDifferentOwnersDoNotMixEvenWhenOneIdIsAPrefixOfAnother() {
        TrailStore trails = new TrailStore(store, heads, TrailStore.PLAN_TRAILS, ROOMY);
        String[] owners = {"p", "p1", "pp", "p\u00e9"};
        for (int i = 0; i < owners.length; i++) {
            DomainEvent event = event(EventType.TOOL_INVOKED, owners[i], 1, i + 1);
            trails.add(owners[i], event.eventId(), event.timestamp(), new SourcePosition("events.tool", 0, 1),
                    serde.serializer().serialize("events.tool", event));
        }
        for (String owner : owners) {
            assertThat(TrailStore.read(store, heads, TrailStore.PLAN_TRAILS, owner, serde.deserializer()::deserialize).orElseThrow().entries())
                    .extracting(AuditEntry::planId).containsExactly(owner);
        }
        assertThat(TrailStore.read(store, heads, TrailStore.PLAN_TRAILS, "q", serde.deserializer()::deserialize)).isEmpty();
    }
}
