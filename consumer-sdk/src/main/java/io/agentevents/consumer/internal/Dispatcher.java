package io.agentevents.consumer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Starts handler slots on the executor: from the poll thread for records it just read, and from a
 * slot itself when it finishes a record and finds more ready records than it can take while slots
 * are free, so a ready record never waits for the next poll. A slot runs records one after the
 * other ({@link WorkTracker#finishAndNext}) until none is ready, then ends.
 *
 * <p>An executor that refuses a slot ({@link RejectedExecutionException}) stops the subscriber
 * (unless it is stopping anyway): the refused records were not started, so they are not committed
 * and the group reads them again. Thread-safe.
 */
final class Dispatcher {
    private final Executor executor;
    private final RecordProcessor processor;
    /** The processor's: slots are claimed from and given back to the tracker it finishes records in. */
    private final WorkTracker tracker;
    private volatile boolean stopping;

    /** Starts slots on {@code executor} that run records through {@code processor}. */
    Dispatcher(Executor executor, RecordProcessor processor) {
        this.executor = executor;
        this.processor = processor;
        this.tracker = processor.tracker();
    }

    /** The subscriber is stopping: a refusal from here on is expected, not a failure. */
    void stopping() {
        stopping = true;
    }

    /** Claims the ready records that free slots can take and starts a slot for each. */
    void dispatch() {
        start(tracker.claim());
    }

    private void start(List<WorkItem> claimed) {
        for (int i = 0; i < claimed.size(); i++) {
            WorkItem item = claimed.get(i);
            item.decodeInSlot(); // it starts now: its slot decodes it, the decode stage leaves it
            try {
                executor.execute(() -> runSlot(item));
            } catch (RejectedExecutionException e) {
                // not started: give the slots back; the records stay unfinished, so they are read again
                claimed.subList(i, claimed.size()).forEach(tracker::abandon);
                if (!stopping) { // else closeNow() shut the executor down while this was dispatching
                    processor.fail(new IllegalStateException("subscriber " + processor.group()
                            + " stopped: the handler executor refused a record: " + e.getMessage(), e));
                }
                return;
            }
        }
    }

    /** A handler slot: runs a record, then the next one the tracker hands it, until none is left. */
    private void runSlot(WorkItem first) {
        List<WorkItem> extra = new ArrayList<>(0);
        WorkItem item = first;
        while (item != null) {
            boolean finished;
            try {
                finished = processor.process(item);
            } catch (RuntimeException | Error e) {
                tracker.abandon(item);
                throw e;
            }
            if (!finished) {
                tracker.abandon(item);
                return;
            }
            item = tracker.finishAndNext(item, extra);
            if (!extra.isEmpty()) {
                List<WorkItem> more = new ArrayList<>(extra);
                extra.clear();
                start(more);
            }
        }
    }
}
