package io.agentevents.schemas.registry;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent map that holds at most {@code capacity} entries; when full, an arbitrary entry
 * makes room for a new one. Lock-free reads, for the serde's hot path. The registry hands out few
 * distinct schemas, so eviction is the exception and need not be clever. Thread-safe.
 */
final class BoundedCache<K, V> {

    private final int capacity;
    private final Map<K, V> entries = new ConcurrentHashMap<>();

    BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The value for the key, or null. */
    V get(K key) {
        return entries.get(key);
    }

    /**
     * The value for the key; on a miss, the one {@code loader} makes, kept. The loader runs outside
     * any lock, so two threads missing together may both load; a loader that throws keeps nothing.
     */
    V getOrLoad(K key, Function<? super K, ? extends V> loader) {
        V cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        V loaded = loader.apply(key);
        put(key, loaded);
        return loaded;
    }

    /** Keeps the value, evicting another entry if the cache is full. */
    void put(K key, V value) {
        if (entries.size() >= capacity && !entries.containsKey(key)) {
            Iterator<K> keys = entries.keySet().iterator();
            while (entries.size() >= capacity && keys.hasNext()) {
                keys.next();
                keys.remove();
            }
        }
        entries.put(key, value);
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
    }
}
