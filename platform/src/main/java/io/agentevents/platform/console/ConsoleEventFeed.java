package io.agentevents.platform.console;

import io.agentevents.consumer.DeadLetterPolicy;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.StartPosition;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.streams.http.ConsoleStream;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The web console's feed of events as they are emitted: a subscriber to every domain topic that tells
 * the console's live stream a summary of each event (id, type, source, correlation and plan ids, time,
 * topic, partition, offset), never its details. It reads from the end of each partition at start,
 * commits nothing and writes no dead letter, in a consumer group of its own named
 * {@code eventbus-console-<random>} (it holds no offsets, so Kafka drops the group once it is closed).
 * Its subscriber meters ({@code eventbus_subscriber_*}) go to the registry given, the projections'
 * own, so that {@code /metrics} shows them. Thread-safe; {@link #close()} stops the subscriber.
 */
public final class ConsoleEventFeed implements AutoCloseable {
    /** The prefix of the feed's consumer group. */
    public static final String GROUP_PREFIX = "eventbus-console-";

    private final EventSubscriber subscriber;

    private ConsoleEventFeed(EventSubscriber subscriber) {
        this.subscriber = subscriber;
    }

    /** Starts feeding {@code stream} the events of the domain topics under {@code topicPrefix}. */
    public static ConsoleEventFeed start(ClusterConnection connection, String topicPrefix, ConsoleStream stream,
                                         MeterRegistry meters) {
        Objects.requireNonNull(stream, "stream");
        SubscriberConfig config = SubscriberConfig.builder(connection, GROUP_PREFIX + UUID.randomUUID().toString().substring(0, 8))
                .topicPrefix(topicPrefix).startPosition(StartPosition.latest()).commitOffsets(false)
                .deadLetterPolicy(DeadLetterPolicy.SKIP).build();
        EventSubscriber subscriber = EventSubscriber.builder(config)
                .onAll((event, delivery) -> {
                    Map<String, Object> summary = new LinkedHashMap<>();
                    summary.put("eventId", event.eventId());
                    summary.put("eventType", event.type().wireName());
                    summary.put("source", event.source());
                    summary.put("correlationId", event.correlationId());
                    if (event.planId() != null) {
                        summary.put("planId", event.planId());
                    }
                    summary.put("timestamp", event.timestamp().toString());
                    summary.put("topic", delivery.topic());
                    summary.put("partition", delivery.partition());
                    summary.put("offset", delivery.offset());
                    stream.eventSeen(summary);
                })
                .meterRegistry(Objects.requireNonNull(meters, "meters"))
                .build();
        subscriber.start();
        return new ConsoleEventFeed(subscriber);
    }

    /** The feed's consumer group. */
    public String groupId() {
        return subscriber.config().groupId();
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
