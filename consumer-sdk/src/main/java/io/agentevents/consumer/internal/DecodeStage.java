package io.agentevents.consumer.internal;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.registry.SchemaRegistryException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decodes records ahead of the handler slots, on threads of its own, so decoding overlaps handling
 * even at concurrency 1 and the poll thread never decodes. Only records a listener wants (the
 * {@code ce_type} header said so, or there is none) reach it; the rest are never decoded.
 *
 * <p>A record is decoded once, by this stage or by the slot that runs it, whichever comes first
 * (see {@link WorkItem#takeDecoded}); a slot never waits for the stage to reach a record. The
 * stage makes one attempt: it hands over the event or a permanent failure (the slot dead-letters
 * it), and leaves anything else, a registry that cannot be reached for instance, to the slot,
 * which retries with backoff as it always did. No handler code runs here.
 *
 * <p>Memory stays bounded: the stage holds only records the subscriber has read and not finished
 * (at most {@code maxBufferedRecords} plus one poll). Thread-safe; {@link #close()} stops it.
 */
public final class DecodeStage implements AutoCloseable {
    private final Deserializer<DomainEvent> deserializer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final ArrayDeque<WorkItem> queue = new ArrayDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;

    /** A stage of {@code threadCount} daemon threads named {@code <name>-<n>}, not started yet. */
    public DecodeStage(Deserializer<DomainEvent> deserializer, int threadCount, String name) {
        this.deserializer = deserializer;
        for (int i = 1; i <= threadCount; i++) {
            Thread thread = new Thread(this::run, name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    /** How many decode threads a subscriber gets: one; slots that catch up with it decode too. */
    public static int defaultThreads() {
        return 1;
    }

    public void start() {
        threads.forEach(Thread::start);
    }

    /**
     * Queues records for decoding, in the order given (the order they were read), leaving out those
     * already started on a slot (which decodes them itself): a record that runs at once wakes no
     * decode thread, so nothing competes with its slot for a core.
     */
    void submit(List<WorkItem> items) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            boolean added = false;
            for (WorkItem item : items) {
                if (item.isDecodeOpen()) {
                    queue.addLast(item);
                    added = true;
                }
            }
            if (added) {
                nonEmpty.signalAll(); // once per poll, not per record
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops the queued records of partitions that are gone. */
    void forget(Collection<TopicPartition> partitions) {
        lock.lock();
        try {
            queue.removeIf(item -> partitions.contains(item.partition()));
        } finally {
            lock.unlock();
        }
    }

    /** Records waiting to be decoded. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the threads; records not decoded yet are decoded by their slots, if they run. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        threads.forEach(Thread::interrupt);
    }

    /** The next record to decode; null once closed. */
    private WorkItem next() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                nonEmpty.await();
            }
            return closed ? null : queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            WorkItem item;
            try {
                item = next();
            } catch (InterruptedException e) {
                return; // closed
            }
            if (item == null) {
                return;
            }
            if (item.claimDecode()) {
                Object result = null;
                try {
                    ConsumerRecord<String, byte[]> record = item.record();
                    result = record == null ? null : decode(record); // null: done already (a slot was interrupted)
                } finally {
                    item.completeDecode(result); // always: a slot may be waiting for it
                }
            }
        }
    }

    /** The event, a permanent failure, or null for the slot to decode (and report) itself. */
    private Object decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null; // the slot dead-letters it, saying so
        }
        try {
            return deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (SerializationException e) {
            return isPermanent(e) && !Thread.currentThread().isInterrupted() ? e : null;
        } catch (RuntimeException e) {
            // not the deserializer's documented failure: leave it to the slot, the one place that
            // reports failures (it stops the subscriber naming the record)
            return null;
        }
    }

    /** Whether a decoding failure is the record's (dead-letter it), not the registry's (retry). */
    static boolean isPermanent(SerializationException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry) {
                return !registry.retriable();
            }
        }
        return true;
    }
}
