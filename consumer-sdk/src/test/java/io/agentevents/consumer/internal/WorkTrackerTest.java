package io.agentevents.consumer.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WorkTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);

    @Test
    void offsetsAreCommittableOnlyPastRecordsFinishedInOrder() {
        WorkTracker tracker = new WorkTracker(4);
        tracker.assign(P0);
        List<WorkItem> items = items(P0, 0, "a", "b", "a", "c");
        tracker.add(items);
        List<WorkItem> running = tracker.claim();
        assertThat(running).extracting(item -> item.record().offset()).containsExactly(0L, 1L, 3L);

        assertThat(tracker.finishAndNext(items.get(1))).isNull(); // b done; offset 0 still running
        assertThat(tracker.committable()).as("resume at 0; 1 is finished ahead")
                .containsEntry(P0, new OffsetAndMetadata(0, "d1:1"));
        assertThat(DoneOffsets.decode(0, "d1:1")).containsExactly(1L);
        WorkItem next = tracker.finishAndNext(items.get(0)); // a done: the next a is the oldest ready record
        assertThat(next).isSameAs(items.get(2));
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(2, ""));
        tracker.finishAndNext(items.get(2));
        tracker.finishAndNext(items.get(3));
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(4, ""));
        assertThat(tracker.pending()).isZero();
        assertThat(tracker.running()).isZero();
    }

    @Test
    void randomCompletionOrderAlwaysEndsFullyCommittedWithKeysInOrder() {
        Random random = new Random(1);
        for (int round = 0; round < 200; round++) {
            WorkTracker tracker = new WorkTracker(1 + random.nextInt(8));
            tracker.assign(P0);
            String[] keys = new String[50];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "k" + random.nextInt(6);
            }
            List<WorkItem> items = items(P0, 0, keys);
            tracker.add(items);
            List<WorkItem> slots = new ArrayList<>(tracker.claim());
            Map<String, Long> lastOffsetOfKey = new HashMap<>();
            int finished = 0;
            while (!slots.isEmpty()) {
                WorkItem item = slots.remove(random.nextInt(slots.size()));
                Long previous = lastOffsetOfKey.put(item.key(), item.record().offset());
                assertThat(previous == null || previous < item.record().offset()).isTrue();
                finished++;
                WorkItem next = tracker.finishAndNext(item);
                if (next != null) {
                    slots.add(next);
                }
                slots.addAll(tracker.claim());
            }
            assertThat(finished).isEqualTo(50);
            assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(50, ""));
        }
    }

    @Test
    void revokeReturnsTheOffsetsFinishedSoFar() throws InterruptedException {
        List<WorkItem> items = items(P0, 0, "a", "b", "c");
        WorkTracker tracker = claimedOnP0(2, items);
        tracker.finishAndNext(items.get(0));
        Thread finisher = new Thread(() -> tracker.finishAndNext(items.get(1)));
        finisher.start();
        WorkTracker.Revoked revoked = tracker.revoke(List.of(P0), Duration.ofMillis(500));
        finisher.join();
        long committed = revoked.commit().get(P0).offset();
        assertThat(committed).as("item 2 was still running: resume there").isEqualTo(2L);
        assertThat(revoked.resumeAt()).containsEntry(P0, committed);
        assertThat(tracker.pending()).isZero();
    }

    @Test
    void aFinishingSlotClaimsTheReadyRecordsThatFreeSlotsCanTake() {
        WorkTracker tracker = new WorkTracker(3);
        tracker.assign(P0);
        List<WorkItem> first = items(P0, 0, "a", "a", "a");
        tracker.add(first);
        assertThat(tracker.claim()).containsExactly(first.get(0)); // one key: one slot, two slots idle
        List<WorkItem> later = items(P0, 3, "b", "c", "d");
        tracker.add(later); // b, c, d are ready; the poll thread has not dispatched them yet

        List<WorkItem> extra = new ArrayList<>();
        WorkItem next = tracker.finishAndNext(first.get(0), extra);

        assertThat(next).as("the oldest ready record stays on this slot").isSameAs(later.get(0));
        assertThat(extra).as("two slots were free: they get the next ready records").containsExactly(later.get(1), later.get(2));
        assertThat(tracker.running()).isEqualTo(3);
        assertThat(tracker.claim()).as("the next a is ready but every slot is busy").isEmpty();
    }

    @Test
    void aWaitForTheBufferToDrainEndsWhenItHasNotAtTheTimeout() throws Exception {
        List<WorkItem> items = items(P0, 0, "a", "b", "c", "d");
        WorkTracker tracker = claimedOnP0(1, items);
        Thread handler = new Thread(() -> {
            WorkItem item = items.get(0);
            while (item != null) {
                item = tracker.finishAndNext(item);
            }
        });
        long started = System.nanoTime();
        handler.start();
        boolean drained = tracker.awaitPendingAtMost(1, Integer.MAX_VALUE, Duration.ofMinutes(1).toNanos());
        handler.join();
        assertThat(drained).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));

        WorkTracker idle = new WorkTracker(1);
        idle.assign(P0);
        idle.add(items(P0, 0, "a", "b"));
        Thread waker = new Thread(idle::wakeUp);
        waker.start();
        long waitStarted = System.nanoTime();
        assertThat(idle.awaitPendingAtMost(0, Integer.MAX_VALUE, Duration.ofMinutes(1).toNanos())).as("woken, not drained").isFalse();
        waker.join();
        assertThat(Duration.ofNanos(System.nanoTime() - waitStarted)).isLessThan(Duration.ofSeconds(30));
        assertThat(idle.awaitPendingAtMost(0, Integer.MAX_VALUE, Duration.ofMillis(1).toNanos())).as("the timeout bounds a wait").isFalse();
    }

    @Test
    void aFinishedRecordIsReleasedAtOnceOrKeptAsAnOffsetBehindASlowerOne() {
        List<WorkItem> items = items(P0, 0, "slow", "a", "b");
        WorkTracker tracker = claimedOnP0(4, items);
        tracker.finishAndNext(items.get(1));
        tracker.finishAndNext(items.get(2));

        assertThat(items.get(1).record()).as("done: only its offset is kept").isNull();
        assertThat(items.get(1).offset()).isEqualTo(1L);
        assertThat(tracker.pending()).isEqualTo(1);
        assertThat(tracker.tracked()).as("two offsets wait behind the slow record").isEqualTo(3);
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(0, "d1:1,2"));

        tracker.finishAndNext(items.get(0));
        assertThat(tracker.tracked()).as("released as soon as finished in order, not at the next commit").isZero();
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(3, ""));
    }

    @Test
    void aWaitForTheBufferToDrainAlsoWaitsForTheTrackedOffsets() throws Exception {
        List<WorkItem> items = items(P0, 0, "slow", "a", "b", "c");
        WorkTracker tracker = claimedOnP0(4, items);
        for (int i = 1; i < items.size(); i++) {
            tracker.finishAndNext(items.get(i));
        }
        assertThat(tracker.awaitPendingAtMost(1, 2, Duration.ofMillis(1).toNanos()))
                .as("one pending, but four tracked").isFalse();
        Thread finisher = new Thread(() -> tracker.finishAndNext(items.get(0)));
        finisher.start();
        assertThat(tracker.awaitPendingAtMost(1, 2, Duration.ofMinutes(1).toNanos())).isTrue();
        finisher.join();
    }

    @Test
    void finishedOffsetsAheadSurviveTheirEncoding() {
        String metadata = DoneOffsets.encode(100, List.of(101L, 105L, 230L));
        assertThat(DoneOffsets.decode(100, metadata)).containsExactlyInAnyOrder(101L, 105L, 230L);
        assertThat(DoneOffsets.decode(100, "something else")).isEmpty();
        assertThat(DoneOffsets.decode(100, "d1:1,x")).isEmpty();
        List<Long> many = new ArrayList<>();
        for (long i = 1; i < 5_000; i++) {
            many.add(100 + i);
        }
        assertThat(DoneOffsets.encode(100, many).length()).isLessThanOrEqualTo(DoneOffsets.MAX_CHARS);
    }

    /** A tracker of {@code slots} on P0 holding {@code items}, the ready ones claimed. */
    private static WorkTracker claimedOnP0(int slots, List<WorkItem> items) {
        WorkTracker tracker = new WorkTracker(slots);
        tracker.assign(P0);
        tracker.add(items);
        tracker.claim();
        return tracker;
    }

    static List<WorkItem> items(TopicPartition partition, long firstOffset, String... keys) {
        List<WorkItem> items = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            items.add(new WorkItem(new ConsumerRecord<>(partition.topic(), partition.partition(), firstOffset + i, keys[i],
                    new byte[0]), false, true));
        }
        return items;
    }
}
