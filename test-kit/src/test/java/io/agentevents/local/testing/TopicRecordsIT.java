package io.agentevents.local.testing;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fluent topic helper against the shared platform, and the one platform of the JVM. */
@ExtendWith(SharedPlatformExtension.class)
@Timeout(120)
class TopicRecordsIT {

    @Test
    void sentRecordsAndEventsAreReadBackInOrder(TestPlatform platform) {
        String topic = platform.uniqueName("records");
        TopicRecords records = TopicRecords.on(platform, topic);
        DomainEvent event = DomainEvent.builder(EventType.PLAN_CREATED).source("test").planId("p-1").build();

        records.send("raw", new byte[] {1, 2, 3});
        records.sendEvents(event);

        List<ConsumerRecord<String, byte[]>> read = records.await(2, Duration.ofSeconds(30));
        assertThat(read.get(0).key()).isEqualTo("raw");
        assertThat(read.get(0).value()).containsExactly(1, 2, 3);
        assertThat(read.get(1).key()).isEqualTo(event.correlationId());
        assertThat(read.get(1).value()[0]).as("Confluent wire format: magic byte").isZero();
    }

    @Test
    void awaitingMoreRecordsThanArriveFailsNamingTheTopic(TestPlatform platform) {
        String topic = platform.uniqueName("empty");
        TopicRecords.on(platform, topic).send("k", new byte[] {1});
        assertThatThrownBy(() -> TopicRecords.on(platform, topic).await(2, Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class).hasMessageContaining(topic).hasMessageContaining("got 1");
    }

    @Test
    void everyFrameworkOfTheJvmGetsTheSamePlatform(TestPlatform platform) {
        assertThat(SharedPlatform.get()).isSameAs(platform);
        assertThat(io.agentevents.schemas.testing.EventFixtures.fullEvent().planId()).isNotNull(); // fixtures come with the kit
    }
}
