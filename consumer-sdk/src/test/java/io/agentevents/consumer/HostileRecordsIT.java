package io.agentevents.consumer;

import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.HostileRecords;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.agentevents.consumer.SubscriberFailureIT.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records built to exhaust a reader go to the dead-letter topic, unchanged, like any undecodable
 * record, and the subscriber keeps going. Before the codec bounded them, a huge claimed length
 * threw an UnsupportedOperationException (or allocated 2 GB) and deep nesting a StackOverflowError,
 * neither a SerializationException: the subscriber stopped.
 */
@ExtendWith(SharedPlatformExtension.class)
class HostileRecordsIT {

    @Test
    void hostileRecordsAreDeadLetteredUnchangedAndTheGoodOnesAroundThemHandled(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "hostile", 1)) {
            String topic = writer.layout().topic(Domain.TOOL);
            DomainEvent first = DomainEvent.builder(EventType.TOOL_INVOKED).source("good").correlationId("c").build();
            DomainEvent last = DomainEvent.builder(EventType.TOOL_SUCCEEDED).source("good").correlationId("c").build();
            writer.writeAll(List.of(first));
            int id = schemaIdOfTheFirstRecord(writer, topic);
            Map<String, byte[]> hostile = new LinkedHashMap<>();
            hostile.put("string-length", HostileRecords.frame(id, HostileRecords.stringLengthBomb(Integer.MAX_VALUE - 100)));
            hostile.put("array-count", HostileRecords.frame(id, HostileRecords.arrayCountBomb(Integer.MAX_VALUE - 100)));
            hostile.put("map-count", HostileRecords.frame(id, HostileRecords.mapCountBomb(Long.MAX_VALUE)));
            hostile.put("deep-nesting", HostileRecords.frame(id, HostileRecords.nestedArrays(200_000)));
            hostile.forEach((kind, bytes) -> writer.writeRaw(topic, kind, bytes));
            writer.writeAll(List.of(last));

            Set<String> handled = ConcurrentHashMap.newKeySet();
            try (EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(writer, "hostile"))
                    .on(Domain.TOOL, (event, delivery) -> handled.add(event.eventId())).build().start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 2
                        && subscriber.metrics().deadLettered() == hostile.size());
                assertThat(subscriber.state()).isEqualTo(EventSubscriber.State.RUNNING);
            }
            assertThat(handled).containsExactlyInAnyOrder(first.eventId(), last.eventId());
            List<ConsumerRecord<String, byte[]>> letters = writer.readAll(topic + ".dlq", hostile.size());
            assertThat(letters).hasSize(hostile.size()).allSatisfy(letter -> {
                assertThat(letter.value()).as(letter.key()).isEqualTo(hostile.get(letter.key()));
                assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo(DeadLetterHeaders.REASON_UNDECODABLE);
                assertThat(header(letter, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(SerializationException.class.getName());
                assertThat(header(letter, DeadLetterHeaders.ERROR_MESSAGE)).contains("could not decode record of topic " + topic);
            });
            assertThat(letters).extracting(ConsumerRecord::key).containsExactlyElementsOf(hostile.keySet());
        }
    }

    private static int schemaIdOfTheFirstRecord(EventTopics writer, String topic) {
        byte[] value = writer.readAll(topic, 1).get(0).value();
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }
}
