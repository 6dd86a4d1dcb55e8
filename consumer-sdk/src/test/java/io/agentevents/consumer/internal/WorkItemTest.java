package io.agentevents.consumer.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class WorkItemTest {

    @Test
    void theSlotDecodesARecordTheDecodeStageHasNotReached() {
        WorkItem item = item();
        assertThat(item.takeDecoded()).as("nobody decoded it: the slot does").isNull();
        assertThat(item.claimDecode()).as("the stage leaves it").isFalse();
    }

    @Test
    void aRecordDispatchedAtOnceIsLeftToItsSlot() {
        WorkItem item = item();
        item.decodeInSlot();
        assertThat(item.claimDecode()).isFalse();
        assertThat(item.takeDecoded()).isNull();
    }

    @Test
    void theSlotTakesWhatTheDecodeStageMadeOnce() {
        WorkItem item = item();
        assertThat(item.claimDecode()).isTrue();
        assertThat(item.claimDecode()).isFalse();
        item.completeDecode("event");
        assertThat(item.takeDecoded()).isEqualTo("event");
        assertThat(item.takeDecoded()).as("handed over once, then forgotten").isNull();
    }

    @Test
    @Timeout(30)
    void theSlotWaitsForARecordTheDecodeStageIsOn() throws Exception {
        WorkItem item = item();
        assertThat(item.claimDecode()).isTrue();
        AtomicReference<Object> taken = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread slot = new Thread(() -> {
            started.countDown();
            taken.set(item.takeDecoded());
        });
        slot.start();
        started.await();
        item.completeDecode("event");
        slot.join();
        assertThat(taken).hasValue("event");
    }

    @Test
    @Timeout(30)
    void anInterruptedSlotDoesNotWaitForTheDecodeStage() {
        WorkItem item = item();
        assertThat(item.claimDecode()).isTrue();
        Thread.currentThread().interrupt();
        try {
            assertThat(item.takeDecoded()).isNull();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    private static WorkItem item() {
        return new WorkItem(new ConsumerRecord<>("t", 0, 0, "k", new byte[0]), false, true);
    }
}
