package io.agentevents.streams.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The events of one correlation id (or one plan id), in order: what the query API answers for a
 * trail, read from an audit store (one store record per entry, see
 * {@code io.agentevents.streams.store.TrailStore}).
 *
 * <p>Invariants: {@code entries} are sorted by {@link AuditEntry#ORDER} (timestamp, then event id)
 * and hold each event id once, whatever order the events arrived in; the store bounds them by an
 * {@link AuditRetention}. The same set of entries, added in any order and with any duplicates, gives
 * the same {@code entries} and {@code inputOffsets}. (Retention keeps the newest {@code maxEntries}
 * entries within {@code maxAge} of the newest, which does not depend on arrival order;
 * {@code dropped} may count a redelivered copy of an already evicted entry again.)
 *
 * <p>Immutable.
 *
 * @param entries      the retained entries, oldest first
 * @param inputOffsets per source {@code "topic-partition"}, the highest offset folded in (duplicates
 *                     included: a redelivered event is taken into account, so a reader waiting for
 *                     its offset sees it)
 * @param dropped      entries evicted by the retention so far
 */
public record AuditTrail(List<AuditEntry> entries, Map<String, Long> inputOffsets, long dropped) {

    private static final AuditTrail EMPTY = new AuditTrail(List.of(), Map.of(), 0);

    /** Copies the collections; sorts and deduplicates entries given out of order (first copy of an id kept). */
    public AuditTrail {
        entries = normalized(Objects.requireNonNull(entries, "entries"));
        inputOffsets = JsonValues.offsets(inputOffsets);
        if (dropped < 0) {
            throw new IllegalArgumentException("dropped must not be negative, was " + dropped);
        }
    }

    /** A trail with no entries. */
    public static AuditTrail empty() {
        return EMPTY;
    }

    private static List<AuditEntry> normalized(List<AuditEntry> entries) {
        boolean ordered = true;
        Set<String> ids = new HashSet<>();
        AuditEntry previous = null;
        for (AuditEntry entry : entries) {
            Objects.requireNonNull(entry, "entries must not hold null");
            if (!ids.add(entry.eventId()) || (previous != null && AuditEntry.ORDER.compare(previous, entry) >= 0)) {
                ordered = false;
            }
            previous = entry;
        }
        if (ordered) {
            return List.copyOf(entries);
        }
        List<AuditEntry> sorted = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (AuditEntry entry : entries) {
            if (seen.add(entry.eventId())) {
                sorted.add(entry);
            }
        }
        sorted.sort(AuditEntry.ORDER);
        return List.copyOf(sorted);
    }
}
