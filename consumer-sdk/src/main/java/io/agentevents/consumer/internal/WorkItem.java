package io.agentevents.consumer.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One record read from Kafka and not yet committed past. Its {@code done} flag is guarded by the
 * {@link WorkTracker}'s lock; once done, it keeps only its offset.
 *
 * <p>Its value is decoded once, by whichever gets there first: the {@link DecodeStage} ahead of the
 * handlers ({@link #claimDecode}, {@link #completeDecode}), or the handler slot that runs it
 * ({@link #takeDecoded}), which waits if the decode stage is on it. The hand-over is lock-free and
 * publishes the decoded value safely between the two threads.
 */
public final class WorkItem {
    private static final int OPEN = 0;
    private static final int DECODING = 1;
    private static final int DECODED = 2;
    private static final int HANDLER_DECODES = 3;
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(10);
    /** Spinning only makes sense when the decode stage can run on another core meanwhile. */
    private static final boolean SPIN = Runtime.getRuntime().availableProcessors() > 1;
    private static final VarHandle DECODE_STATE;

    static {
        try {
            DECODE_STATE = MethodHandles.lookup().findVarHandle(WorkItem.class, "decodeState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The record while it may still be handled; dropped once it is done, when only its offset counts. */
    private ConsumerRecord<String, byte[]> record;
    private final long offset;
    private final TopicPartition partition;
    private final String key;
    private final boolean replayed;
    private final boolean needsHandling;
    /** OPEN, DECODING, DECODED or HANDLER_DECODES; changed through {@link #DECODE_STATE}. */
    private volatile int decodeState = OPEN;
    /** The decode stage's result: written before {@code decodeState} becomes DECODED, read after. */
    private Object decoded;
    private volatile Thread waiter;
    boolean done;

    WorkItem(ConsumerRecord<String, byte[]> record, boolean replayed, boolean needsHandling) {
        this(record, new TopicPartition(record.topic(), record.partition()), replayed, needsHandling);
    }

    /** A record of {@code partition} (one instance shared by the records of a poll). */
    WorkItem(ConsumerRecord<String, byte[]> record, TopicPartition partition, boolean replayed, boolean needsHandling) {
        this.record = needsHandling ? record : null; // a skipped record is only an offset to commit past
        this.offset = record.offset();
        this.partition = partition;
        this.key = record.key() == null ? "" : record.key();
        this.replayed = replayed;
        this.needsHandling = needsHandling;
        this.done = !needsHandling;
    }

    /** The record; null once it is done (handled, skipped or dead-lettered). */
    public ConsumerRecord<String, byte[]> record() {
        return record;
    }

    /** The record's offset. */
    public long offset() {
        return offset;
    }

    /**
     * The record is done: forgets it and anything decoded from it, so a record finished ahead of a
     * slower one costs only its offset until the commit moves past it. Under the tracker's lock.
     */
    void forget() {
        record = null;
        decoded = null;
    }

    public TopicPartition partition() {
        return partition;
    }

    /** The correlation id (the record key; empty for records without a key). */
    public String key() {
        return key;
    }

    public boolean replayed() {
        return replayed;
    }

    boolean needsHandling() {
        return needsHandling;
    }

    /** Whether nobody has taken the decoding of this record on yet. */
    boolean isDecodeOpen() {
        return decodeState == OPEN;
    }

    /** The decode stage takes the decoding of this record on; false if someone has it already. */
    boolean claimDecode() {
        return decodeState == OPEN && DECODE_STATE.compareAndSet(this, OPEN, DECODING);
    }

    /**
     * The decode stage is done with this record: {@code result} is the event, a permanent decoding
     * failure, or null when the handler slot should decode it itself.
     */
    void completeDecode(Object result) {
        decoded = result;
        decodeState = DECODED;
        Thread waiting = waiter;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** The record goes to a handler slot at once: the slot decodes it, the decode stage leaves it. */
    void decodeInSlot() {
        DECODE_STATE.compareAndSet(this, OPEN, HANDLER_DECODES);
    }

    /**
     * What the decode stage made of this record, waiting for it if it is decoding it now; null when
     * the caller is to decode it (nobody had started, the stage left it to the handler, or the
     * caller is interrupted). Hands the result over once, and forgets it.
     */
    Object takeDecoded() {
        int state = decodeState;
        if (state == HANDLER_DECODES || (state == OPEN && DECODE_STATE.compareAndSet(this, OPEN, HANDLER_DECODES))) {
            return null;
        }
        if (decodeState != DECODED && !spinUntilDecoded()) {
            Thread current = Thread.currentThread();
            waiter = current;
            while (decodeState != DECODED) {
                if (current.isInterrupted()) { // stopping: do not wait; the caller's own decode sees the interrupt
                    waiter = null;
                    return null;
                }
                LockSupport.parkNanos(this, WAIT_NANOS); // the stage always completes; the timeout only re-checks
            }
            waiter = null;
        }
        Object result = decoded;
        decoded = null;
        return result;
    }

    /**
     * Spins (without a system call on either side) for a few typical decodes (about 2 µs each);
     * whether the stage finished meanwhile. A slot that catches up with the decode stage usually
     * waits a microsecond or two: parking and unparking for each record would cost both threads more.
     * It gives up soon, since a decode thread that takes longer was descheduled and needs the core.
     */
    private boolean spinUntilDecoded() {
        if (!SPIN) {
            return false;
        }
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (decodeState != DECODED) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    @Override
    public String toString() {
        return partition + "@" + offset + " key=" + key;
    }
}
