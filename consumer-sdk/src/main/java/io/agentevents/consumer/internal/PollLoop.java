package io.agentevents.consumer.internal;

import io.agentevents.consumer.StartPosition;
import io.agentevents.consumer.SubscriberConfig;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The loop of the one thread that owns the subscriber's {@link KafkaConsumer}: polls, routes records
 * by their {@code ce_type} header ({@link HeaderRouter}), starts handler slots for runnable records
 * ({@link Dispatcher}), queues the others for the {@link DecodeStage}, commits finished offsets in
 * order, pauses reading when the buffer is full, and takes part in rebalances. It never decodes.
 *
 * <p>While paused it does not sleep in a poll: it polls without waiting (to stay in the group and
 * run rebalances) and waits on the {@link WorkTracker} until the buffer has drained to half, so it
 * resumes as soon as the handlers have made room. Not thread-safe: everything here runs on that
 * thread, except {@link #requestStop}.
 */
public final class PollLoop {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long LAG_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int MAX_TRACKED_PER_BUFFERED = 32;

    private final SubscriberConfig config;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Collection<String> topics;
    private final HeaderRouter router;
    private final WorkTracker tracker;
    private final Dispatcher dispatcher;
    private final DecodeStage decodeStage;
    private final SubscriberMetricsRecorder metrics;
    private final Set<TopicPartition> positioned = new HashSet<>();
    private final Map<TopicPartition, Long> liveMarks = new HashMap<>();
    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    private final Map<TopicPartition, Set<Long>> finishedAhead = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> lastCommitted = new HashMap<>();
    private volatile boolean stopRequested;
    private volatile boolean drain = true;
    private volatile Duration drainTimeout = Duration.ZERO;
    private boolean paused;
    /** A commit was refused because this member is in a rebalance: try again at the next turn of the loop. */
    private boolean commitRefused;
    private long lastCommit = System.nanoTime();
    private long lastLag;

    public PollLoop(SubscriberConfig config, KafkaConsumer<String, byte[]> consumer, Collection<String> topics,
                    Routing routing, Executor executor, RecordProcessor processor,
                    DecodeStage decodeStage, SubscriberMetricsRecorder metrics) {
        this.config = config;
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.router = new HeaderRouter(routing, config.strictTypes());
        this.tracker = processor.tracker();
        this.dispatcher = new Dispatcher(executor, processor);
        this.decodeStage = decodeStage;
        this.metrics = metrics;
    }

    /**
     * Runs until {@link #requestStop}; then (when draining) waits for running handlers, commits what
     * finished, and closes the consumer.
     *
     * @param failure where a fatal error (one the loop cannot go on after) is reported
     */
    public void run(Consumer<RuntimeException> failure) {
        try {
            consumer.subscribe(topics, new Rebalance());
            while (!stopRequested) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(paused ? Duration.ZERO : POLL_TIMEOUT);
                } catch (WakeupException e) {
                    continue;
                }
                accept(records);
                dispatcher.dispatch();
                maybeCommit(false);
                adjustPause();
                maybeUpdateLag();
                if (paused) {
                    awaitDrained();
                }
            }
        } catch (KafkaException | IllegalStateException e) {
            if (!stopRequested) {
                failure.accept(new IllegalStateException("subscriber " + config.groupId() + " lost its consumer: " + e, e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutDown();
        }
    }

    /** Asks the loop to stop; with {@code drain}, running handlers get up to {@code timeout} to finish. */
    public void requestStop(boolean drainHandlers, Duration timeout) {
        this.drain = drainHandlers;
        this.drainTimeout = timeout;
        this.stopRequested = true;
        dispatcher.stopping();
        tracker.wakeUp();
        consumer.wakeup();
    }

    /**
     * Routes a poll's records and hands them on: runnable ones to handler slots at once, the rest of
     * those wanted to the decode stage, in the order they were read.
     */
    private void accept(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        metrics.consumed(records.count());
        LOG.trace("subscriber {} read {} record(s) from {}", config.groupId(), records.count(), records.partitions());
        List<WorkItem> items = new ArrayList<>(records.count());
        List<WorkItem> wanted = new ArrayList<>(records.count());
        int skipped = 0;
        for (TopicPartition partition : records.partitions()) {
            Set<Long> ahead = finishedAhead.get(partition);
            Long liveMark = liveMarks.get(partition);
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                boolean needsHandling = (ahead == null || !ahead.remove(record.offset()))
                        && router.needsHandling(record.headers());
                WorkItem item;
                if (needsHandling) {
                    boolean replay = router.isReplayed(record.headers()) || (liveMark != null && record.offset() < liveMark);
                    item = new WorkItem(record, partition, replay, true);
                    wanted.add(item);
                } else {
                    skipped++;
                    item = new WorkItem(record, partition, false, false);
                }
                items.add(item);
            }
        }
        metrics.skipped(skipped);
        tracker.add(items);
        dispatcher.dispatch(); // first: the records that can run now are decoded by their slots
        decodeStage.submit(wanted);
    }

    /** Paused on a full buffer: waits until it has drained to where reading resumes, or a commit is due. */
    private void awaitDrained() throws InterruptedException {
        long untilCommit = config.commitInterval().toNanos() - (System.nanoTime() - lastCommit);
        long wait = Math.max(0, Math.min(POLL_TIMEOUT.toNanos(), untilCommit));
        tracker.awaitPendingAtMost(resumeThreshold(), maxTracked() / 2, wait);
    }

    private void maybeCommit(boolean force) {
        if (!force && !commitRefused && System.nanoTime() - lastCommit < config.commitInterval().toNanos()) {
            return;
        }
        lastCommit = System.nanoTime();
        commit(tracker.committable());
    }

    /** Commits what changed since the last commit; returns false when the commit was refused for a rebalance. */
    private boolean commit(Map<TopicPartition, OffsetAndMetadata> points) {
        if (!config.commitOffsets()) {
            return true; // a reader that writes nothing: positions live only in this consumer
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(points);
        offsets.entrySet().removeIf(entry -> entry.getValue().equals(lastCommitted.get(entry.getKey())));
        commitRefused = false;
        if (offsets.isEmpty()) {
            return true;
        }
        try {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException e) {
                consumer.commitSync(offsets); // the wakeup was meant for poll; the commit must still happen
            }
            lastCommitted.putAll(offsets);
        } catch (RebalanceInProgressException e) {
            // this member is between generations: the commit goes through once poll has completed the rebalance
            LOG.debug("subscriber {}: commit of {} waits for the rebalance in progress", config.groupId(), offsets);
            commitRefused = true;
            return false;
        } catch (KafkaException e) {
            LOG.warn("subscriber {} could not commit {}: {}; those records will be handled again", config.groupId(),
                    offsets, e.getMessage());
        }
        return true;
    }

    private void adjustPause() {
        int pending = tracker.pending();
        int tracked = tracker.tracked();
        if (!paused && (pending >= config.maxBufferedRecords() || tracked >= maxTracked())) {
            consumer.pause(consumer.assignment());
            paused = true;
            LOG.debug("subscriber {} pauses reading: {} records pending, {} tracked", config.groupId(), pending, tracked);
        } else if (paused && pending <= resumeThreshold() && tracked <= maxTracked() / 2) {
            consumer.resume(consumer.paused());
            paused = false;
            LOG.debug("subscriber {} resumes reading: {} records pending, {} tracked", config.groupId(), pending, tracked);
        }
    }

    /** Reading resumes when the buffer has drained to half. */
    private int resumeThreshold() {
        return config.maxBufferedRecords() / 2;
    }

    /**
     * Records finished ahead of a slower one are kept (an offset each) until the commit moves past
     * them; reading also pauses when this many are tracked, so one record that takes very long
     * cannot make them pile up without bound.
     */
    private int maxTracked() {
        return MAX_TRACKED_PER_BUFFERED * config.maxBufferedRecords();
    }

    private void maybeUpdateLag() {
        if (System.nanoTime() - lastLag < LAG_INTERVAL_NANOS) {
            return;
        }
        lastLag = System.nanoTime();
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            lag += consumer.currentLag(partition).orElse(0);
        }
        metrics.lag(lag + tracker.pending());
    }

    private void shutDown() {
        tracker.stop();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        try {
            if (drain) {
                if (!tracker.awaitIdle(drainTimeout)) {
                    LOG.warn("subscriber {}: {} handler(s) still running after {} ms; their records will be read again",
                            config.groupId(), tracker.running(), drainTimeout.toMillis());
                }
            }
            // a member closing in the middle of a rebalance may not commit (and leaving then counts its
            // partitions lost): when draining, it completes the rebalance by polling (the records it
            // reads are dropped) until its commit goes through, within the drain time
            while (!commit(tracker.committable()) && drain && System.nanoTime() < deadline) {
                try {
                    consumer.poll(POLL_TIMEOUT);
                } catch (WakeupException e) {
                    // the stop's own wakeup: poll again
                }
            }
            if (commitRefused) {
                LOG.warn("subscriber {}: final commit refused by a rebalance still in progress; records finished"
                        + " since the last commit will be handled again", config.groupId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("subscriber {}: final commit failed: {}", config.groupId(), e.getMessage());
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("subscriber {}: closing the consumer failed: {}", config.groupId(), e.getMessage());
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            LOG.debug("subscriber {} revoked {}", config.groupId(), partitions);
            if (partitions.isEmpty()) {
                return;
            }
            try {
                WorkTracker.Revoked revoked = tracker.revoke(partitions, config.revokeTimeout());
                commit(revoked.commit());
                resumeAt.putAll(revoked.resumeAt());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            decodeStage.forget(partitions);
            liveMarks.keySet().removeAll(partitions);
            finishedAhead.keySet().removeAll(partitions);
            lastCommitted.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            tracker.lose(partitions);
            decodeStage.forget(partitions);
            resumeAt.keySet().removeAll(partitions);
            liveMarks.keySet().removeAll(partitions);
            finishedAhead.keySet().removeAll(partitions);
            lastCommitted.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debug("subscriber {} assigned {}", config.groupId(), partitions);
            for (TopicPartition partition : partitions) {
                tracker.assign(partition);
                // a partition that comes back keeps the consumer's fetch position, past the records
                // dropped when it was revoked: read again from the first one not finished
                Long resume = resumeAt.remove(partition);
                if (resume != null) {
                    consumer.seek(partition, resume);
                }
            }
            resumeAt.keySet().retainAll(partitions);
            // records finished ahead of a slower one, recorded in the commit's metadata: not handled again
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata point = committed.get(partition);
                if (point != null) {
                    lastCommitted.put(partition, point);
                    Set<Long> done = DoneOffsets.decode(point.offset(), point.metadata());
                    if (!done.isEmpty()) {
                        finishedAhead.put(partition, done);
                    }
                }
            }
            if (paused) {
                consumer.pause(partitions);
            }
            StartPosition start = config.startPosition();
            if (!start.isReplay()) {
                return;
            }
            // positioned once per partition; without ignoresCommitted, only where the group has no offset
            List<TopicPartition> fresh = partitions.stream().filter(positioned::add)
                    .filter(partition -> start.ignoresCommitted() || committed.get(partition) == null).toList();
            if (fresh.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(fresh);
            liveMarks.putAll(ends);
            if (start.kind() == StartPosition.Kind.EARLIEST) {
                consumer.seekToBeginning(fresh);
            } else {
                Map<TopicPartition, Long> query = new HashMap<>();
                fresh.forEach(partition -> query.put(partition, start.time().toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
                for (TopicPartition partition : fresh) {
                    OffsetAndTimestamp at = found.get(partition);
                    consumer.seek(partition, at == null ? ends.get(partition) : at.offset());
                }
            }
        }
    }
}
