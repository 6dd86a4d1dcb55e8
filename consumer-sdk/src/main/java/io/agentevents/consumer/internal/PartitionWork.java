package io.agentevents.consumer.internal;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The records of one partition between "read" and "committed past": in offset order for commits,
 * and in one queue per correlation id for handling (only the head of a key's queue may run). Not
 * thread-safe: guarded by the {@link WorkTracker}'s lock.
 */
final class PartitionWork {
    private final TopicPartition partition;
    private final ArrayDeque<WorkItem> inOffsetOrder = new ArrayDeque<>();
    /** Per correlation id: its one waiting record (a WorkItem), or its queue (an ArrayDeque) when several. */
    private final Map<String, Object> byKey = new HashMap<>();
    private final Set<String> heldKeys = new HashSet<>();
    private long committable = -1;
    private int running;
    boolean revoked;

    PartitionWork(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    /** Adds a record; returns true when it may run now (it heads its key's queue). */
    boolean add(WorkItem item) {
        inOffsetOrder.add(item);
        if (!item.needsHandling()) {
            advance(); // a skipped record at the head is committable at once
            return false;
        }
        Object waiting = byKey.putIfAbsent(item.key(), item);
        if (waiting == null) {
            return true; // the only record of its key: most keys, most of the time
        }
        if (waiting instanceof WorkItem head) {
            ArrayDeque<WorkItem> queue = new ArrayDeque<>(4);
            queue.add(head);
            queue.add(item);
            byKey.put(item.key(), queue);
        } else {
            @SuppressWarnings("unchecked")
            ArrayDeque<WorkItem> queue = (ArrayDeque<WorkItem>) waiting;
            queue.add(item);
        }
        return false;
    }

    /** Marks a record finished; returns the next record of its key, now allowed to run, if any. */
    WorkItem finish(WorkItem item) {
        item.done = true;
        item.forget();
        advance(); // release what is finished in order now, not at the next commit
        Object waiting = byKey.get(item.key());
        if (waiting == item) {
            byKey.remove(item.key());
            return null;
        }
        if (!(waiting instanceof ArrayDeque<?> deque) || deque.peekFirst() != item) {
            return null;
        }
        @SuppressWarnings("unchecked")
        ArrayDeque<WorkItem> queue = (ArrayDeque<WorkItem>) deque;
        queue.pollFirst();
        if (queue.size() == 1) {
            WorkItem next = queue.peekFirst();
            byKey.put(item.key(), next); // back to a single record: no queue needed
            return next;
        }
        return queue.peekFirst();
    }

    void started() {
        running++;
    }

    void stopped() {
        running--;
    }

    int running() {
        return running;
    }

    /** Records read and not yet committed past: the unfinished ones and those finished ahead of them. */
    int tracked() {
        return inOffsetOrder.size();
    }

    /** Records read and not finished. */
    int pending() {
        int pending = 0;
        for (WorkItem item : inOffsetOrder) {
            if (!item.done) {
                pending++;
            }
        }
        return pending;
    }

    /** The offset to commit if it moved since the last call: one past the last record finished in order. */
    OptionalLong advance() {
        long next = -1;
        while (!inOffsetOrder.isEmpty() && inOffsetOrder.peekFirst().done) {
            next = inOffsetOrder.pollFirst().offset() + 1;
        }
        if (next < 0 || next <= committable) {
            return OptionalLong.empty();
        }
        committable = next;
        return OptionalLong.of(next);
    }

    /**
     * Where the partition stands: the offset to resume from (the first record not finished, or one
     * past the last finished) and the finished records beyond it, for the commit's metadata. Empty
     * when nothing was read yet.
     */
    java.util.Optional<org.apache.kafka.clients.consumer.OffsetAndMetadata> commitPoint() {
        advance();
        long base = inOffsetOrder.isEmpty() ? committable : inOffsetOrder.peekFirst().offset();
        if (base < 0) {
            return java.util.Optional.empty();
        }
        java.util.List<Long> doneAbove = new java.util.ArrayList<>();
        for (WorkItem item : inOffsetOrder) {
            if (item.done) {
                doneAbove.add(item.offset());
            }
        }
        return java.util.Optional.of(new org.apache.kafka.clients.consumer.OffsetAndMetadata(base,
                DoneOffsets.encode(base, doneAbove)));
    }

    /** The offset of the oldest record read and not finished, if any. */
    OptionalLong firstUnfinished() {
        return inOffsetOrder.isEmpty() ? OptionalLong.empty() : OptionalLong.of(inOffsetOrder.peekFirst().offset());
    }

    void hold(String key) {
        heldKeys.add(key);
    }

    boolean isHeld(String key) {
        return heldKeys.contains(key);
    }

    boolean release(String key) {
        return heldKeys.remove(key);
    }
}
