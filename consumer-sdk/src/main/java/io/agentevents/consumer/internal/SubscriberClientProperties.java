package io.agentevents.consumer.internal;

import io.agentevents.consumer.StartPosition;
import io.agentevents.consumer.SubscriberConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Map;

/**
 * The Kafka client properties of a subscriber, made from its {@link SubscriberConfig} only at the
 * client edge: its group's consumer and its dead-letter producer, each a new mutable map with the
 * connection's security settings passed through. Stateless and thread-safe.
 */
public final class SubscriberClientProperties {
    /** How often the consumer heartbeats to its group (at most a third of the smallest session timeout). */
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);

    private SubscriberClientProperties() {
    }

    /** See {@link SubscriberConfig#consumerProperties(String)}. */
    public static Map<String, Object> consumer(SubscriberConfig config, String clientId) {
        Map<String, Object> props = config.connection().clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                config.startPosition().kind() == StartPosition.Kind.LATEST ? "latest" : "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(500, config.maxBufferedRecords()));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        // a member hears of a rebalance at its next heartbeat: within half a second, not Kafka's 3 s
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) HEARTBEAT_INTERVAL.toMillis());
        // cooperative rebalancing: a rebalance takes away only the partitions that move; the others keep running
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.instanceId().ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return props;
    }

    /** See {@link SubscriberConfig#deadLetterProducerProperties(String)}. */
    public static Map<String, Object> deadLetterProducer(SubscriberConfig config, String clientId) {
        Map<String, Object> props = config.connection().clientProperties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
