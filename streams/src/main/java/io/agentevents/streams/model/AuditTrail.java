package io.agentevents.streams.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The events of one correlation id (or one plan id), in order: the value of the audit stores.
 *
 * <p>Invariants: {@code entries} are sorted by {@link AuditEntry#ORDER} (timestamp, then event id)
 * and hold each event id once, whatever order the events arrived in; they are bounded by an
 * {@link AuditRetention}. Folding is order-insensitive: the same set of entries, added in any order
 * and with any duplicates, gives the same {@code entries} and {@code inputOffsets}. (Retention keeps
 * the newest {@code maxEntries} entries within {@code maxAge} of the newest, which does not depend on
 * arrival order; {@code dropped} may count a redelivered copy of an already evicted entry again.)
 *
 * <p>Immutable; {@link #add} returns a new trail, or this one when nothing changed.
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

    /**
     * This trail with {@code entry} folded in: inserted in order unless its event id is already
     * present, then the oldest entries evicted beyond {@code retention}. Pure.
     *
     * @return the new trail, or this one when the entry changes nothing
     */
    public AuditTrail add(AuditEntry entry, AuditRetention retention) {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(retention, "retention");
        Map<String, Long> offsets = JsonValues.advance(inputOffsets, entry.sourcePosition(), entry.offset());
        for (AuditEntry present : entries) {
            if (present.eventId().equals(entry.eventId())) {
                return offsets == inputOffsets ? this : new AuditTrail(entries, offsets, dropped);
            }
        }
        int index = Collections.binarySearch(entries, entry, AuditEntry.ORDER);
        int insertAt = index >= 0 ? index : -(index + 1);
        List<AuditEntry> next = new ArrayList<>(entries.size() + 1);
        next.addAll(entries);
        next.add(insertAt, entry);
        int evict = evictions(next, retention);
        return new AuditTrail(next.subList(evict, next.size()), offsets, dropped + evict);
    }

    /** How many of the oldest entries fall outside the retention. */
    private static int evictions(List<AuditEntry> sorted, AuditRetention retention) {
        Instant newest = sorted.get(sorted.size() - 1).timestamp();
        int evict = Math.max(0, sorted.size() - retention.maxEntries());
        while (evict < sorted.size() - 1
                && Duration.between(sorted.get(evict).timestamp(), newest).compareTo(retention.maxAge()) > 0) {
            evict++;
        }
        return evict;
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
