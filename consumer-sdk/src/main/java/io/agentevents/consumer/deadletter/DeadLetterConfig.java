package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.registry.SchemaRegistryConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.agentevents.schemas.clients.KafkaSecuritySettings;
import io.agentevents.schemas.clients.Secrets;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link DeadLetters} needs, with defaults and validation; turned into Kafka client
 * properties only at the client edge. Immutable; build with {@link #defaults}, {@link #of} and the
 * withers. Validated when built: the bad field is named in the {@link IllegalArgumentException}.
 * {@link #toString()} masks the registry password (also in the URL) and secret security values.
 *
 * @param bootstrapServers  Kafka bootstrap servers
 * @param schemaRegistryUrl schema registry base URL(s), used to decode the dead letters' values
 * @param registryUserInfo  {@code user:password} for the registry, if any
 * @param topicPrefix       domain topics are {@code <prefix>.<domain>}, dead-letter topics
 *                          {@code <prefix>.<domain>.dlq}
 * @param readTimeout       the longest a read (list, stats, show, the reading part of a replay) may
 *                          take before it fails with a {@link DeadLetterException}
 * @param replayTimeout     the longest Kafka may take to acknowledge the records of one replay
 *                          (the producer's {@code delivery.timeout.ms} is derived from it)
 * @param kafkaSecurity     {@code security.*}, {@code ssl.*} and {@code sasl.*} client settings, passed through
 */
public record DeadLetterConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        Optional<String> registryUserInfo,
        String topicPrefix,
        Duration readTimeout,
        Duration replayTimeout,
        Map<String, String> kafkaSecurity) {

    /** Default of {@link #readTimeout()}: 30 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** Default of {@link #replayTimeout()}: 30 s. */
    public static final Duration DEFAULT_REPLAY_TIMEOUT = Duration.ofSeconds(30);

    public DeadLetterConfig {
        required("bootstrapServers", bootstrapServers);
        required("schemaRegistryUrl", schemaRegistryUrl);
        Objects.requireNonNull(registryUserInfo, "registryUserInfo");
        Domain.PLAN.topic(Objects.requireNonNull(topicPrefix, "topicPrefix")); // validates it, naming it
        positive("readTimeout", readTimeout);
        positive("replayTimeout", replayTimeout);
        if (replayTimeout.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("replayTimeout must be at least 2 s, was " + replayTimeout);
        }
        kafkaSecurity = KafkaSecuritySettings.checked(kafkaSecurity);
    }

    /** Defaults: prefix {@code events}, no registry credentials, 30 s to read, 30 s to replay, no security settings. */
    public static DeadLetterConfig defaults(String bootstrapServers, String schemaRegistryUrl) {
        return new DeadLetterConfig(bootstrapServers, schemaRegistryUrl, Optional.empty(), Domain.DEFAULT_TOPIC_PREFIX,
                DEFAULT_READ_TIMEOUT, DEFAULT_REPLAY_TIMEOUT, Map.of());
    }

    /** The dead letters of a subscriber: its servers, registry, credentials, prefix and security settings. */
    public static DeadLetterConfig of(SubscriberConfig subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        return new DeadLetterConfig(subscriber.bootstrapServers(), subscriber.schemaRegistryUrl(),
                subscriber.registryUserInfo(), subscriber.topicPrefix(), DEFAULT_READ_TIMEOUT, DEFAULT_REPLAY_TIMEOUT,
                subscriber.kafkaSecurity());
    }

    public DeadLetterConfig withTopicPrefix(String prefix) {
        return new DeadLetterConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, prefix, readTimeout,
                replayTimeout, kafkaSecurity);
    }

    public DeadLetterConfig withRegistryUserInfo(String userInfo) {
        return new DeadLetterConfig(bootstrapServers, schemaRegistryUrl, Optional.of(userInfo), topicPrefix, readTimeout,
                replayTimeout, kafkaSecurity);
    }

    public DeadLetterConfig withReadTimeout(Duration timeout) {
        return new DeadLetterConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, topicPrefix, timeout,
                replayTimeout, kafkaSecurity);
    }

    public DeadLetterConfig withReplayTimeout(Duration timeout) {
        return new DeadLetterConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, topicPrefix, readTimeout,
                timeout, kafkaSecurity);
    }

    public DeadLetterConfig withKafkaSecurity(Map<String, String> security) {
        return new DeadLetterConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, topicPrefix, readTimeout,
                replayTimeout, security);
    }

    /** The settings, with the registry password and secret security values masked. */
    @Override
    public String toString() {
        return "DeadLetterConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl="
                + Secrets.maskUrls(schemaRegistryUrl) + ", registryUserInfo=" + Secrets.maskUserInfo(registryUserInfo)
                + ", topicPrefix=" + topicPrefix + ", readTimeout=" + readTimeout + ", replayTimeout=" + replayTimeout
                + ", kafkaSecurity=" + Secrets.masked(kafkaSecurity) + "]";
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
        Map<String, Object> props = new HashMap<>(kafkaSecurity);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
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
        Map<String, Object> props = new HashMap<>(kafkaSecurity);
        int deliveryMillis = (int) Math.min(Integer.MAX_VALUE, replayTimeout.toMillis());
        int requestMillis = Math.max(1_000, deliveryMillis / 2);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
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

    /** The registry client settings. */
    public SchemaRegistryConfig registryConfig() {
        SchemaRegistryConfig config = SchemaRegistryConfig.of(schemaRegistryUrl);
        return registryUserInfo.map(config::withBasicAuth).orElse(config);
    }

    private static void required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
