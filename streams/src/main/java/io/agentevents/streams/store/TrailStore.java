package io.agentevents.streams.store;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.AuditEntry;
import io.agentevents.streams.model.AuditRetention;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.SourcePosition;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An audit trail kept as one store record per entry, so that adding to a trail never reads or
 * rewrites the trail. Two {@code KeyValueStore<Bytes, byte[]>}s hold it:
 * <ul>
 *   <li>the entry store ({@code audit-by-correlation} or {@code audit-by-plan}), written once per
 *       entry and not cached: {@code owner 0x01 time eventId} -&gt; the entry's source topic,
 *       partition and offset and the event's bytes exactly as read (Confluent wire format), where
 *       {@code time} is the event's timestamp in microseconds, 8 bytes big-endian with the sign bit
 *       flipped, so the entries of an owner are one range in (timestamp, event id) order;</li>
 *   <li>the head store ({@code audit-heads}, shared by both kinds of trail and cached, as a head
 *       changes with every entry): {@code kind owner 0x00} -&gt; the entry count, entries dropped by
 *       the retention, oldest and newest entry time, and per source {@code "topic-partition"} the
 *       greatest offset folded in.</li>
 * </ul>
 * ({@code owner} is the id as in {@link StoreKeys}; {@code kind} tells the trails apart.) The
 * retention is applied on every add by deleting the oldest entries of the range, not by rewriting
 * anything.
 *
 * <p>An instance writes through one store and is used by one stream thread (a processor's);
 * the static readers are safe on any thread that may read the store.
 */
public final class TrailStore {

    /** What {@link #add} did. */
    public enum Added {
        /** The entry was not in the trail and was added (and perhaps evicted again at once). */
        NEW,
        /** The event id was in the trail; only the head's offsets moved. */
        DUPLICATE_MOVED,
        /** The event id was in the trail and the position was not new: nothing changed. */
        DUPLICATE
    }

    /** The event bytes of an entry, read back into an event (by the registry-backed deserializer). */
    @FunctionalInterface
    public interface EventReader {
        DomainEvent read(String topic, byte[] wireBytes);
    }

    /** The kind of the correlation ids' trails in the head store. */
    public static final byte CORRELATION_TRAILS = 'c';
    /** The kind of the plans' trails in the head store. */
    public static final byte PLAN_TRAILS = 'p';

    private static final int VERSION = 1;
    /** Layout of an entry: 1 = position, event bytes; 2 = position, trace id, event bytes (both read). */
    private static final int ENTRY_VERSION = 2;
    private static final byte HEAD = 0;
    private static final byte ENTRY = 1;
    private static final byte AFTER_ENTRIES = 2;

    private final KeyValueStore<Bytes, byte[]> store;
    private final KeyValueStore<Bytes, byte[]> heads;
    private final byte kind;
    private final AuditRetention retention;
    private final long maxAgeMicros;

    /**
     * Writes trails of one kind: entries into {@code entries}, heads into {@code heads} (which trails
     * of other kinds may share), bounded by {@code retention}.
     *
     * @param kind tells this kind of trail's heads apart from others in the same head store
     */
    public TrailStore(KeyValueStore<Bytes, byte[]> entries, KeyValueStore<Bytes, byte[]> heads, byte kind,
                      AuditRetention retention) {
        this.store = Objects.requireNonNull(entries, "entries");
        this.heads = Objects.requireNonNull(heads, "heads");
        this.kind = kind;
        this.retention = Objects.requireNonNull(retention, "retention");
        this.maxAgeMicros = retention.maxAge().toNanos() / 1_000;
    }

    /**
     * Adds an entry to {@code owner}'s trail unless its event id (at its timestamp) is already there,
     * then evicts the oldest entries beyond the retention. The first copy of an event is kept; a later
     * copy only moves the head's offsets.
     *
     * @param event the event's bytes as read from its source topic
     */
    public Added add(String owner, String eventId, Instant timestamp, SourcePosition at, byte[] event) {
        return add(owner, eventId, timestamp, at, event, null);
    }

    /**
     * Adds an entry as {@link #add(String, String, Instant, SourcePosition, byte[])} does, with the trace id of
     * the event's {@code traceparent} (null without one).
     */
    public Added add(String owner, String eventId, Instant timestamp, SourcePosition at, byte[] event, String traceId) {
        Bytes headKey = headKey(kind, owner);
        Head head = Head.decode(heads.get(headKey));
        SortedMap<String, Long> offsets = advance(head.offsets(), at);
        long micros = Micros.of(timestamp);
        Bytes entryKey = entryKey(owner, micros, eventId);
        // every entry's time is at most the head's newest: a later event cannot be a copy, so the
        // (uncached) entry store is only asked for events at or before it, the rare case in a live stream
        if (head.count() > 0 && micros <= head.newest() && store.get(entryKey) != null) {
            if (offsets == head.offsets()) {
                return Added.DUPLICATE;
            }
            heads.put(headKey, new Head(head.count(), head.dropped(), head.oldest(), head.newest(), offsets).encode());
            return Added.DUPLICATE_MOVED;
        }
        store.put(entryKey, new BinaryOut(event.length + at.topic().length() + 58).writeByte(ENTRY_VERSION)
                .writePosition(at).writeString(traceId).writeRaw(event, 0, event.length).toByteArray());
        long count = head.count() + 1;
        long oldest = head.count() == 0 ? micros : Math.min(head.oldest(), micros);
        long newest = head.count() == 0 ? micros : Math.max(head.newest(), micros);
        long dropped = head.dropped();
        if (count > retention.maxEntries() || newest - oldest > maxAgeMicros) {
            List<Bytes> evicted = new ArrayList<>();
            long remaining = count;
            try (KeyValueIterator<Bytes, byte[]> entries = store.range(entriesFrom(owner), entriesTo(owner))) {
                while (entries.hasNext()) {
                    Bytes key = entries.next().key;
                    long time = entryMicros(key.get());
                    if (remaining > retention.maxEntries() || (remaining > 1 && newest - time > maxAgeMicros)) {
                        evicted.add(key);
                        remaining--;
                    } else {
                        oldest = time;
                        break;
                    }
                }
            }
            evicted.forEach(store::delete);
            dropped += evicted.size();
            count = remaining;
        }
        heads.put(headKey, new Head(count, dropped, oldest, newest, offsets).encode());
        return Added.NEW;
    }

    /**
     * {@code owner}'s trail of this {@code kind}, from its entry and head stores, its entries' events
     * read by {@code events}; empty when it has none.
     */
    public static Optional<AuditTrail> read(ReadOnlyKeyValueStore<Bytes, byte[]> store,
                                            ReadOnlyKeyValueStore<Bytes, byte[]> heads, byte kind, String owner,
                                            EventReader events) {
        byte[] headBytes = heads.get(headKey(kind, owner));
        if (headBytes == null) {
            return Optional.empty();
        }
        Head head = Head.decode(headBytes);
        List<AuditEntry> entries = new ArrayList<>((int) Math.min(head.count(), 10_000));
        try (KeyValueIterator<Bytes, byte[]> range = store.range(entriesFrom(owner), entriesTo(owner))) {
            while (range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                BinaryIn value = new BinaryIn(entry.value, "audit entry of " + owner);
                int layout = value.versionBetween(1, ENTRY_VERSION);
                SourcePosition at = value.readPosition();
                String traceId = layout >= 2 ? value.readString() : null;
                DomainEvent event = events.read(at.topic(), value.readRest());
                entries.add(AuditEntry.of(event, at.topic(), at.partition(), at.offset(), traceId));
            }
        }
        return Optional.of(new AuditTrail(entries, head.offsets(), head.dropped()));
    }

    /** The offsets {@code owner}'s trail of this {@code kind} has folded in (from its head); empty when it has none. */
    public static Optional<Map<String, Long>> offsets(ReadOnlyKeyValueStore<Bytes, byte[]> heads, byte kind, String owner) {
        byte[] headBytes = heads.get(headKey(kind, owner));
        return headBytes == null ? Optional.empty() : Optional.of(Head.decode(headBytes).offsets());
    }

    private static Bytes headKey(byte kind, String owner) {
        BinaryOut key = new BinaryOut(owner.length() + 4).writeByte(kind);
        byte[] ownerKey = StoreKeys.owner(owner, 1).writeByte(HEAD).toByteArray();
        return Bytes.wrap(key.writeRaw(ownerKey, 0, ownerKey.length).toByteArray());
    }

    private static Bytes entryKey(String owner, long micros, String eventId) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(StoreKeys.owner(owner, 9 + id.length).writeByte(ENTRY).writeLong(micros ^ Long.MIN_VALUE)
                .writeRaw(id, 0, id.length).toByteArray());
    }

    private static Bytes entriesFrom(String owner) {
        return StoreKeys.with(StoreKeys.owner(owner, 1), ENTRY);
    }

    private static Bytes entriesTo(String owner) {
        return StoreKeys.with(StoreKeys.owner(owner, 1), AFTER_ENTRIES);
    }

    private static long entryMicros(byte[] key) {
        return new BinaryIn(key, StoreKeys.ownerEnd(key) + 1, "audit entry key").readLong() ^ Long.MIN_VALUE;
    }

    private static SortedMap<String, Long> advance(SortedMap<String, Long> offsets, SourcePosition at) {
        Long current = offsets.get(at.partitionKey());
        if (current != null && current >= at.offset()) {
            return offsets;
        }
        SortedMap<String, Long> next = new TreeMap<>(offsets);
        next.put(at.partitionKey(), at.offset());
        return Collections.unmodifiableSortedMap(next);
    }

    /** The head record of a trail. */
    private record Head(long count, long dropped, long oldest, long newest, SortedMap<String, Long> offsets) {
        private static final Head EMPTY = new Head(0, 0, 0, 0, Collections.emptySortedMap());

        static Head decode(byte[] bytes) {
            if (bytes == null) {
                return EMPTY;
            }
            BinaryIn in = new BinaryIn(bytes, "audit trail head");
            in.version(VERSION);
            long count = in.readVarLong();
            long dropped = in.readVarLong();
            long oldest = in.readLong();
            long newest = in.readLong();
            SortedMap<String, Long> offsets = in.readCounts();
            in.end();
            return new Head(count, dropped, oldest, newest, Collections.unmodifiableSortedMap(offsets));
        }

        byte[] encode() {
            BinaryOut out = new BinaryOut(40 + offsets.size() * 24).writeByte(VERSION).writeVarLong(count)
                    .writeVarLong(dropped).writeLong(oldest).writeLong(newest).writeCounts(offsets);
            return out.toByteArray();
        }
    }
}
