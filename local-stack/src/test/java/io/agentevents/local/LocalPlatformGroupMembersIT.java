package io.agentevents.local;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member that did not leave its group (as Kafka Streams does not on close) is removed, so the
 * next member joins at once rather than after the 45-second session timeout.
 */
@Timeout(120)
class LocalPlatformGroupMembersIT {
    private static final String GROUP = "projections-like";

    @Test
    void aMemberThatDidNotLeaveIsRemovedAndTheNextJoinsAtOnce() {
        try (LocalPlatform platform = LocalPlatform.start(LocalPlatformConfig.onFreePorts())) {
            assertThat(platform.removeGroupMembers(GROUP)).as("an unknown group").isZero();

            KafkaConsumer<byte[], byte[]> stale = consumer(platform);
            stale.subscribe(List.of("events.plan"));
            awaitAssignment(stale);
            stale.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));

            assertThat(platform.removeGroupMembers(GROUP)).isEqualTo(1);
            assertThat(platform.removeGroupMembers(GROUP)).as("nothing left").isZero();

            long start = System.nanoTime();
            try (KafkaConsumer<byte[], byte[]> next = consumer(platform)) {
                next.subscribe(List.of("events.plan"));
                awaitAssignment(next);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("joined without waiting for the old member's 45 s session timeout").isLessThan(Duration.ofSeconds(30));
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(LocalPlatform platform) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static void awaitAssignment(KafkaConsumer<byte[], byte[]> consumer) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
    }
}
