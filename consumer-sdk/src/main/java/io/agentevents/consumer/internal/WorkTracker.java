package io.agentevents.consumer.internal;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The shared state between the thread that polls Kafka and the handler threads: which records are
 * pending, which may run (heads of their correlation id's queue), how many run, and which offsets
 * may be committed (only past records finished in order). Thread-safe: one lock guards all of it.
 *
 * <p>A slot that finishes a record takes the next ready one itself and claims more slots when
 * records are ready and slots free ({@link #finishAndNext(WorkItem, List)}), so no ready record
 * waits for the poll thread; and the poll thread, paused on a full buffer, waits here until enough
 * has drained ({@link #awaitPendingAtMost}) instead of sleeping through a poll.
 */
public final class WorkTracker {
    private final int maxConcurrency;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();
    private final ArrayDeque<WorkItem> ready = new ArrayDeque<>();
    private int running;
    private int pending;
    private boolean stopped;
    /** The pending count the poll thread waits for, or -1 when it does not wait. */
    private int drainThreshold = -1;
    /** The tracked count the poll thread waits for, when it waits. */
    private int trackedThreshold;
    private boolean wakeRequested;
    /** Whether any correlation id was ever held: until then {@link #isHeld} needs no lock. */
    private volatile boolean anyHeld;

    public WorkTracker(int maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    /** Starts tracking a newly assigned partition. */
    public void assign(TopicPartition partition) {
        locked(() -> partitions.computeIfAbsent(partition, PartitionWork::new));
    }

    /** Adds records just read (in offset order per partition). */
    public void add(List<WorkItem> items) {
        lock.lock();
        try {
            for (WorkItem item : items) {
                PartitionWork work = partitions.get(item.partition());
                if (work == null || work.revoked) {
                    continue; // read just before the partition was taken away: the new owner reads it again
                }
                if (work.add(item)) {
                    ready.add(item);
                }
                if (item.needsHandling()) {
                    pending++;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Claims records to run now, up to the free handler slots. */
    public List<WorkItem> claim() {
        lock.lock();
        try {
            List<WorkItem> claimed = new ArrayList<>();
            claimInto(claimed);
            return claimed;
        } finally {
            lock.unlock();
        }
    }

    private void claimInto(List<WorkItem> claimed) {
        while (!stopped && running < maxConcurrency && !ready.isEmpty()) {
            WorkItem item = ready.pollFirst();
            PartitionWork work = partitions.get(item.partition());
            if (work == null || work.revoked) {
                continue;
            }
            running++;
            work.started();
            claimed.add(item);
        }
    }

    /**
     * Records a finished record and hands the caller the next record to run on the same slot: the
     * oldest ready record (the finished record's successor of the same correlation id joins the back
     * of the ready queue, so no correlation id starves the others and commits keep moving); null
     * frees the slot.
     */
    public WorkItem finishAndNext(WorkItem item) {
        return finishAndNext(item, null);
    }

    /**
     * As {@link #finishAndNext(WorkItem)}, and when more records are ready than this slot takes and
     * slots are free, claims them into {@code extra} (if given), for the caller to start on new slots.
     */
    public WorkItem finishAndNext(WorkItem item, List<WorkItem> extra) {
        lock.lock();
        try {
            PartitionWork work = partitions.get(item.partition());
            if (work != null) {
                work.stopped();
                pending--;
                WorkItem successor = work.finish(item);
                if (successor != null && !work.revoked) {
                    ready.addLast(successor);
                }
            }
            WorkItem next = null;
            while (!stopped && !ready.isEmpty()) {
                WorkItem candidate = ready.pollFirst();
                PartitionWork candidateWork = partitions.get(candidate.partition());
                if (candidateWork != null && !candidateWork.revoked) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                running--;
            } else {
                partitions.get(next.partition()).started();
                if (extra != null) {
                    claimInto(extra);
                }
            }
            changed.signalAll();
            signalIfDrained();
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** Frees the slot of a record that was abandoned (not finished: it will be read again). */
    public void abandon(WorkItem item) {
        lock.lock();
        try {
            PartitionWork work = partitions.get(item.partition());
            if (work != null) {
                work.stopped();
            }
            running--;
            changed.signalAll();
            signalIfDrained();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutNanos} until at most {@code pendingThreshold} records are pending and
     * at most {@code trackedThreshold} are tracked (or the tracker stops, or {@link #wakeUp} is
     * called); returns whether they are.
     */
    public boolean awaitPendingAtMost(int pendingThreshold, int trackedThreshold, long timeoutNanos)
            throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            drainThreshold = pendingThreshold;
            this.trackedThreshold = trackedThreshold;
            while (!drained() && !stopped && !wakeRequested && left > 0) {
                left = drained.awaitNanos(left);
            }
            wakeRequested = false;
            return drained();
        } finally {
            drainThreshold = -1;
            lock.unlock();
        }
    }

    private boolean drained() {
        return pending <= drainThreshold && (trackedThreshold == Integer.MAX_VALUE || trackedUnlocked() <= trackedThreshold);
    }

    /** Ends a wait in {@link #awaitPendingAtMost} now (the subscriber is stopping). */
    public void wakeUp() {
        lock.lock();
        try {
            wakeRequested = true;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: wakes the poll thread if it waits for the buffer to drain and it has. */
    private void signalIfDrained() {
        if (drainThreshold >= 0 && drained()) {
            drained.signal();
        }
    }

    /**
     * Where every partition stands, to commit: the offset of its first unfinished record (or one
     * past the last finished) with the finished records beyond it in the metadata.
     */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        return locked(() -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (PartitionWork work : partitions.values()) {
                work.commitPoint().ifPresent(point -> offsets.put(work.partition(), point));
            }
            return offsets;
        });
    }

    /**
     * What a revocation leaves: offsets to commit, and where to resume reading each partition if it
     * comes back (its first record not finished, since the consumer may keep its fetch position past
     * records this tracker dropped).
     */
    public record Revoked(Map<TopicPartition, OffsetAndMetadata> commit, Map<TopicPartition, Long> resumeAt) {
    }

    /**
     * Stops running records of partitions being taken away: drops those not started, waits up to
     * {@code timeout} for running ones, and returns the offsets to commit for them before they go.
     */
    public Revoked revoke(Collection<TopicPartition> revoked, Duration timeout)
            throws InterruptedException {
        lock.lock();
        try {
            for (TopicPartition partition : revoked) {
                PartitionWork work = partitions.get(partition);
                if (work != null) {
                    work.revoked = true;
                }
            }
            ready.removeIf(item -> revoked.contains(item.partition()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (revoked.stream().map(partitions::get).anyMatch(work -> work != null && work.running() > 0)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            Map<TopicPartition, Long> resumeAt = new HashMap<>();
            for (TopicPartition partition : revoked) {
                PartitionWork work = partitions.remove(partition);
                if (work != null) {
                    pending -= work.pending();
                    work.commitPoint().ifPresent(point -> offsets.put(partition, point));
                    work.firstUnfinished().ifPresent(offset -> resumeAt.put(partition, offset));
                }
            }
            signalIfDrained();
            return new Revoked(offsets, resumeAt);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets partitions lost without a chance to commit (another member owns them already). */
    public void lose(Collection<TopicPartition> lost) {
        lock.lock();
        try {
            for (TopicPartition partition : lost) {
                PartitionWork work = partitions.remove(partition);
                if (work != null) {
                    work.revoked = true;
                    pending -= work.pending();
                }
            }
            ready.removeIf(item -> lost.contains(item.partition()));
            signalIfDrained();
        } finally {
            lock.unlock();
        }
    }

    /** Stops handing out records (close): running ones finish or are abandoned. */
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            ready.clear();
            changed.signalAll();
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} until no record runs; returns whether none does. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Records read and not yet finished (the subscriber pauses reading above its buffer size). */
    public int pending() {
        return locked(() -> pending);
    }

    /**
     * Records read and not yet committed past: the pending ones and those finished ahead of a slower
     * one (kept as an offset each, for the commit).
     */
    public int tracked() {
        return locked(this::trackedUnlocked);
    }

    private int trackedUnlocked() {
        int tracked = 0;
        for (PartitionWork work : partitions.values()) {
            tracked += work.tracked();
        }
        return tracked;
    }

    public int running() {
        return locked(() -> running);
    }

    /** Holds a correlation id on a partition: its later records are dead-lettered, not handled. */
    public void hold(TopicPartition partition, String key) {
        lock.lock();
        try {
            PartitionWork work = partitions.get(partition);
            if (work != null) {
                work.hold(key);
                anyHeld = true;
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean isHeld(TopicPartition partition, String key) {
        if (!anyHeld) {
            return false;
        }
        return locked(() -> {
            PartitionWork work = partitions.get(partition);
            return work != null && work.isHeld(key);
        });
    }

    /** Ends the hold of a correlation id on every partition; returns whether it was held. */
    public boolean release(String key) {
        return locked(() -> {
            boolean released = false;
            for (PartitionWork work : partitions.values()) {
                released |= work.release(key);
            }
            return released;
        });
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
