package io.agentevents.streams.topology;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InPlaceRoutingTest {

    @Test
    void aTaskOwnsExactlyTheKeysKafkasDefaultPartitionerSendsToItsPartition() {
        InPlaceRouting routing = new InPlaceRouting();
        routing.partitions(6);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            String key = random.nextInt(3) == 0 ? "plan-" + i : Long.toString(random.nextLong(), 36) + "é" + i;
            int partition = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 6);
            for (int task = 0; task < 6; task++) {
                assertThat(routing.owns(key, task)).as("key %s, task %d", key, task).isEqualTo(task == partition);
            }
        }
    }

    @Test
    void nothingIsOwnedBeforeThePartitionsAreKnownNorANullKey() {
        InPlaceRouting routing = new InPlaceRouting();
        assertThat(routing.owns("plan-1", 0)).isFalse();
        routing.partitions(1);
        assertThat(routing.owns("plan-1", 0)).isTrue();
        assertThat(routing.owns(null, 0)).isFalse();
        assertThat(InPlaceRouting.fromConfigs(Map.of()).owns("plan-1", 0)).isFalse();
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> new InPlaceRouting().partitions(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions must be positive, was 0");
        assertThatThrownBy(() -> InPlaceRouting.fromConfigs(Map.of(InPlaceRouting.CONFIG, "3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InPlaceRouting.CONFIG);
        assertThatThrownBy(() -> InPlaceRouting.fromConfigs(Map.of()).partitions(3)).isInstanceOf(IllegalStateException.class);
    }
}
