package io.agentevents.streams.store;

import io.agentevents.streams.model.PlanIndex;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plans of each plan tree, one store record per (root, plan): the {@code plans-by-root} store
 * is a {@code KeyValueStore<Bytes, byte[]>} with keys {@code root planId} ({@code root} as in
 * {@link StoreKeys}, {@code planId} as UTF-8) and a one-byte value, so a tree grows without its
 * index being rewritten and is read with one range scan. A set union: order-insensitive and
 * idempotent.
 *
 * <p>An instance writes through one store and is used by one stream thread; the static reader is
 * safe on any thread that may read the store.
 */
public final class PlanIndexStore {
    private static final byte PRESENT = 1;

    private final KeyValueStore<Bytes, byte[]> store;

    public PlanIndexStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Adds {@code planId} to the tree of {@code rootPlanId} (nothing is written when it is there). */
    public void add(String rootPlanId, String planId) {
        Bytes key = key(rootPlanId, planId);
        if (store.get(key) == null) {
            store.put(key, new byte[] {PRESENT});
        }
    }

    /** The plans of {@code rootPlanId}'s tree; empty when none is known. */
    public static Optional<PlanIndex> read(ReadOnlyKeyValueStore<Bytes, byte[]> store, String rootPlanId) {
        BinaryOut prefix = StoreKeys.owner(rootPlanId, 1);
        int from = prefix.size();
        Bytes start = Bytes.wrap(prefix.toByteArray());
        Bytes end = StoreKeys.with(prefix, StoreKeys.TOP);
        Set<String> plans = new TreeSet<>();
        try (KeyValueIterator<Bytes, byte[]> range = store.range(start, end)) {
            range.forEachRemaining(entry -> plans.add(StoreKeys.utf8After(entry.key.get(), from)));
        }
        return plans.isEmpty() ? Optional.empty() : Optional.of(new PlanIndex(plans));
    }

    private static Bytes key(String rootPlanId, String planId) {
        byte[] plan = planId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(StoreKeys.owner(rootPlanId, plan.length).writeRaw(plan, 0, plan.length).toByteArray());
    }
}
