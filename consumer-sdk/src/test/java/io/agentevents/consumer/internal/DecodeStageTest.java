package io.agentevents.consumer.internal;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.registry.SchemaRegistryException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DecodeStageTest {

    private static final DomainEvent EVENT = DomainEvent.builder(EventType.TOOL_INVOKED).source("s").build();

    @Test
    @Timeout(60)
    void decodesAheadOnceHandsOverPermanentFailuresAndLeavesTheRestToTheSlot() {
        AtomicInteger calls = new AtomicInteger();
        Deserializer<DomainEvent> deserializer = (topic, data) -> {
            calls.incrementAndGet();
            return switch (data[0]) {
                case 0 -> EVENT;
                case 1 -> throw new SerializationException("corrupt");
                case 2 -> throw new SerializationException("registry down", unreachable());
                default -> throw new IllegalStateException("a bug");
            };
        };
        List<WorkItem> items = new ArrayList<>();
        for (int kind = 0; kind < 4; kind++) {
            items.add(new WorkItem(new ConsumerRecord<>("t", 0, kind, "k", new byte[] {(byte) kind}), false, true));
        }
        items.add(new WorkItem(new ConsumerRecord<String, byte[]>("t", 0, 4, "k", null), false, true));
        WorkItem dispatched = new WorkItem(new ConsumerRecord<>("t", 0, 5, "k", new byte[] {0}), false, true);
        dispatched.decodeInSlot();
        items.add(dispatched);

        DecodeStage stage = new DecodeStage(deserializer, 1, "test-decoder");
        try {
            stage.start();
            stage.submit(items);
            await().until(() -> stage.queued() == 0 && calls.get() == 4);
            assertThat(items.get(0).takeDecoded()).isSameAs(EVENT);
            assertThat(items.get(1).takeDecoded()).isInstanceOf(SerializationException.class);
            assertThat(items.get(2).takeDecoded()).as("registry down: the slot retries").isNull();
            assertThat(items.get(3).takeDecoded()).as("not a documented failure: the slot reports it").isNull();
            assertThat(items.get(4).takeDecoded()).as("no value: the slot dead-letters it").isNull();
            assertThat(dispatched.takeDecoded()).isNull();
            assertThat(calls).as("never decoded what went to its slot at once").hasValue(4);
        } finally {
            stage.close();
        }
    }

    private static SchemaRegistryException unreachable() {
        return new SchemaRegistryException(SchemaRegistryException.Kind.UNREACHABLE, "registry unreachable", 0, 0, null,
                new java.io.IOException("refused"));
    }

    @Test
    void permanenceFollowsTheRegistrysRetriableFlag() {
        assertThat(DecodeStage.isPermanent(new SerializationException("bad magic byte"))).isTrue();
        assertThat(DecodeStage.isPermanent(new SerializationException("x", unreachable()))).isFalse();
    }
}
