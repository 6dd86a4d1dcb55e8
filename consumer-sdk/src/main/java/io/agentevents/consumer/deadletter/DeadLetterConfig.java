package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.Durations;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link DeadLetters} needs, with defaults and validation; turned into Kafka client
 * properties only at the client edge. Immutable; build with {@link #defaults}, {@link #of} and the
 * withers. Validated when built: the bad field is named in the {@link IllegalArgumentException}.
 * Immutable and thread-safe; {@link #toString()} never shows a secret (see {@link ClusterConnection}).
 *
 * @param connection        Kafka bootstrap servers and security settings; the schema registry, used to
 *                          decode the dead letters' values
 * @param topicPrefix       domain topics are {@code <prefix>.<domain>}, dead-letter topics
 *                          {@code <prefix>.<domain>.dlq}
 * @param readTimeout       the longest a read (list, stats, show, the reading part of a replay) may
 *                          take before it fails with a {@link DeadLetterException}
 * @param replayTimeout     the longest Kafka may take to acknowledge the records of one replay
 *                          (the producer's {@code delivery.timeout.ms} is derived from it)
 */
public record DeadLetterConfig(
        ClusterConnection connection,
        String topicPrefix,
        Duration readTimeout,
        Duration replayTimeout) {

    /** Default of {@link #readTimeout()}: 30 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** Default of {@link #replayTimeout()}: 30 s. */
    public static final Duration DEFAULT_REPLAY_TIMEOUT = Duration.ofSeconds(30);

    public DeadLetterConfig {
        Objects.requireNonNull(connection, "connection");
        Domain.PLAN.topic(Objects.requireNonNull(topicPrefix, "topicPrefix")); // validates it, naming it
        Durations.requirePositive("readTimeout", readTimeout);
        Durations.requirePositive("replayTimeout", replayTimeout);
        if (replayTimeout.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("replayTimeout must be at least 2 s, was " + replayTimeout);
        }
    }

    /** Defaults: prefix {@code events}, no registry credentials, 30 s to read, 30 s to replay, no security settings. */
    public static DeadLetterConfig defaults(String bootstrapServers, String schemaRegistryUrl) {
        return new DeadLetterConfig(ClusterConnection.of(bootstrapServers, schemaRegistryUrl), Domain.DEFAULT_TOPIC_PREFIX,
                DEFAULT_READ_TIMEOUT, DEFAULT_REPLAY_TIMEOUT);
    }

    /** The dead letters of a subscriber: its servers, registry, credentials, prefix and security settings. */
    public static DeadLetterConfig of(SubscriberConfig subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        return new DeadLetterConfig(subscriber.connection(), subscriber.topicPrefix(), DEFAULT_READ_TIMEOUT,
                DEFAULT_REPLAY_TIMEOUT);
    }

    public DeadLetterConfig withTopicPrefix(String prefix) {
        return new DeadLetterConfig(connection, prefix, readTimeout, replayTimeout);
    }

    /** Basic-auth credentials {@code user:password} for the schema registry. */
    public DeadLetterConfig withRegistryUserInfo(String userInfo) {
        return withConnection(connection.withRegistryUserInfo(userInfo));
    }

    public DeadLetterConfig withReadTimeout(Duration timeout) {
        return new DeadLetterConfig(connection, topicPrefix, timeout, replayTimeout);
    }

    public DeadLetterConfig withReplayTimeout(Duration timeout) {
        return new DeadLetterConfig(connection, topicPrefix, readTimeout, timeout);
    }

    /** {@code security.*}, {@code ssl.*} and {@code sasl.*} settings for Kafka. */
    public DeadLetterConfig withKafkaSecurity(Map<String, String> security) {
        return withConnection(connection.withKafkaSecurity(security));
    }

    /** This configuration with another connection. */
    public DeadLetterConfig withConnection(ClusterConnection newConnection) {
        return new DeadLetterConfig(newConnection, topicPrefix, readTimeout, replayTimeout);
    }

    /** A domain's topic under this prefix, {@code <prefix>.<domain>}. */
    public String topic(Domain domain) {
        return domain.topic(topicPrefix);
    }

    /** A domain's dead-letter topic under this prefix, {@code <prefix>.<domain>.dlq}. */
    public String deadLetterTopic(Domain domain) {
        return domain.deadLetterTopic(topicPrefix);
    }

    /** The domain whose dead-letter topic this is under this prefix, if any. */
    public Optional<Domain> domainOfDeadLetterTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        for (Domain domain : Domain.values()) {
            if (deadLetterTopic(domain).equals(topic)) {
                return Optional.of(domain);
            }
        }
        return Optional.empty();
    }

    /**
     * Properties of the reading consumer: no group (partitions are assigned, nothing is committed),
     * committed records only, raw bytes, security settings passed through.
     */
    public Map<String, Object> consumerProperties(String clientId) {
        Map<String, Object> props = connection.clientProperties();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * Properties of the replaying producer: idempotent, {@code acks=all}, at most 5 requests in
     * flight (so Kafka keeps the send order within a partition, retries included), raw bytes.
     */
    public Map<String, Object> producerProperties(String clientId) {
        Map<String, Object> props = connection.clientProperties();
        int deliveryMillis = (int) Math.min(Integer.MAX_VALUE, replayTimeout.toMillis());
        int requestMillis = Math.max(1_000, deliveryMillis / 2);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestMillis);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMillis);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMillis);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
