package io.agentevents.consumer;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.registry.SchemaRegistryConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.agentevents.schemas.clients.KafkaSecuritySettings;
import io.agentevents.schemas.clients.Secrets;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an {@link EventSubscriber} needs, with defaults and validation; turned into Kafka
 * client properties only at the edge. Immutable; build with {@link #defaults} and the withers.
 * {@link #toString()} masks the registry password (also in the URL) and secret security values.
 *
 * @param bootstrapServers   Kafka bootstrap servers
 * @param schemaRegistryUrl  schema registry base URL(s)
 * @param registryUserInfo   {@code user:password} for the registry, if any
 * @param groupId            the consumer group: subscribers with one group share the partitions
 * @param topicPrefix        domain topics are {@code <prefix>.<domain>}
 * @param maxConcurrency     handlers running at once (1 = one record at a time, in order); records of one
 *                           correlation id always run one at a time, in partition order
 * @param maxAttempts        calls of a failing handler before the {@link FailureStrategy} applies (at least 1)
 * @param initialBackoff     wait before the first retry; doubled for each further one
 * @param maxBackoff         longest wait between retries
 * @param failureStrategy    what happens after the last failed attempt
 * @param maxBufferedRecords records read but not yet finished; above it the subscriber pauses reading
 * @param commitInterval     how often finished offsets are committed (also on close and on rebalance)
 * @param startPosition      where to start reading
 * @param strictTypes        dead-letter events of a type this build does not know (else skip them)
 * @param revokeTimeout      on a rebalance, how long to wait for running handlers of lost partitions
 * @param kafkaSecurity      {@code security.*}, {@code ssl.*}, {@code sasl.*} settings passed through
 */
public record SubscriberConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        Optional<String> registryUserInfo,
        String groupId,
        String topicPrefix,
        int maxConcurrency,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        FailureStrategy failureStrategy,
        int maxBufferedRecords,
        Duration commitInterval,
        StartPosition startPosition,
        boolean strictTypes,
        Duration revokeTimeout,
        Map<String, String> kafkaSecurity) {

    public SubscriberConfig {
        required("bootstrapServers", bootstrapServers);
        required("schemaRegistryUrl", schemaRegistryUrl);
        Objects.requireNonNull(registryUserInfo, "registryUserInfo");
        required("groupId", groupId);
        Domain.PLAN.topic(Objects.requireNonNull(topicPrefix, "topicPrefix"));
        atLeast("maxConcurrency", maxConcurrency, 1);
        atLeast("maxAttempts", maxAttempts, 1);
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        Objects.requireNonNull(failureStrategy, "failureStrategy");
        atLeast("maxBufferedRecords", maxBufferedRecords, maxConcurrency);
        positive("commitInterval", commitInterval);
        Objects.requireNonNull(startPosition, "startPosition");
        positive("revokeTimeout", revokeTimeout);
        kafkaSecurity = KafkaSecuritySettings.checked(kafkaSecurity);
    }

    /**
     * Defaults: prefix {@code events}, concurrency 1, 3 attempts with backoff 100 ms doubling up to
     * 10 s, dead-letter, 1,000 buffered records, commit every second, committed offsets (else the
     * beginning), unknown types skipped, 30 s to drain lost partitions on a rebalance.
     */
    public static SubscriberConfig defaults(String bootstrapServers, String schemaRegistryUrl, String groupId) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, Optional.empty(), groupId,
                Domain.DEFAULT_TOPIC_PREFIX, 1, 3, Duration.ofMillis(100), Duration.ofSeconds(10),
                FailureStrategy.DEAD_LETTER, 1_000, Duration.ofSeconds(1), StartPosition.committed(), false,
                Duration.ofSeconds(30), Map.of());
    }

    public SubscriberConfig withTopicPrefix(String prefix) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, groupId, prefix,
                maxConcurrency, maxAttempts, initialBackoff, maxBackoff, failureStrategy, maxBufferedRecords,
                commitInterval, startPosition, strictTypes, revokeTimeout, kafkaSecurity);
    }

    public SubscriberConfig withGroupId(String group) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, group, topicPrefix,
                maxConcurrency, maxAttempts, initialBackoff, maxBackoff, failureStrategy, maxBufferedRecords,
                commitInterval, startPosition, strictTypes, revokeTimeout, kafkaSecurity);
    }

    /** Sets the concurrency, raising the buffer to at least 4 records per handler slot. */
    public SubscriberConfig withMaxConcurrency(int concurrency) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, groupId, topicPrefix,
                concurrency, maxAttempts, initialBackoff, maxBackoff, failureStrategy,
                Math.max(maxBufferedRecords, 4 * concurrency), commitInterval, startPosition, strictTypes, revokeTimeout,
                kafkaSecurity);
    }

    public SubscriberConfig withRetries(int attempts, Duration initial, Duration max) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, groupId, topicPrefix,
                maxConcurrency, attempts, initial, max, failureStrategy, maxBufferedRecords,
                commitInterval, startPosition, strictTypes, revokeTimeout, kafkaSecurity);
    }

    public SubscriberConfig withFailureStrategy(FailureStrategy strategy) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, groupId, topicPrefix,
                maxConcurrency, maxAttempts, initialBackoff, maxBackoff, strategy, maxBufferedRecords,
                commitInterval, startPosition, strictTypes, revokeTimeout, kafkaSecurity);
    }

    public SubscriberConfig withMaxBufferedRecords(int records) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, groupId, topicPrefix,
                maxConcurrency, maxAttempts, initialBackoff, maxBackoff, failureStrategy, records,
                commitInterval, startPosition, strictTypes, revokeTimeout, kafkaSecurity);
    }

    public SubscriberConfig withCommitInterval(Duration interval) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, groupId, topicPrefix,
                maxConcurrency, maxAttempts, initialBackoff, maxBackoff, failureStrategy, maxBufferedRecords,
                interval, startPosition, strictTypes, revokeTimeout, kafkaSecurity);
    }

    public SubscriberConfig withStartPosition(StartPosition position) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, groupId, topicPrefix,
                maxConcurrency, maxAttempts, initialBackoff, maxBackoff, failureStrategy, maxBufferedRecords,
                commitInterval, position, strictTypes, revokeTimeout, kafkaSecurity);
    }

    public SubscriberConfig withStrictTypes(boolean strict) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, groupId, topicPrefix,
                maxConcurrency, maxAttempts, initialBackoff, maxBackoff, failureStrategy, maxBufferedRecords,
                commitInterval, startPosition, strict, revokeTimeout, kafkaSecurity);
    }

    public SubscriberConfig withRevokeTimeout(Duration timeout) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, groupId, topicPrefix,
                maxConcurrency, maxAttempts, initialBackoff, maxBackoff, failureStrategy, maxBufferedRecords,
                commitInterval, startPosition, strictTypes, timeout, kafkaSecurity);
    }

    /** Basic-auth credentials {@code user:password} for the schema registry. */
    public SubscriberConfig withRegistryUserInfo(String userInfo) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, Optional.of(Objects.requireNonNull(userInfo,
                "userInfo")), groupId, topicPrefix, maxConcurrency, maxAttempts, initialBackoff, maxBackoff,
                failureStrategy, maxBufferedRecords, commitInterval, startPosition, strictTypes, revokeTimeout, kafkaSecurity);
    }

    public SubscriberConfig withKafkaSecurity(Map<String, String> security) {
        return new SubscriberConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, groupId, topicPrefix,
                maxConcurrency, maxAttempts, initialBackoff, maxBackoff, failureStrategy, maxBufferedRecords,
                commitInterval, startPosition, strictTypes, revokeTimeout, security);
    }

    /** The topic of a domain under this prefix. */
    public String topic(Domain domain) {
        return domain.topic(topicPrefix);
    }

    /** The backoff before retry {@code n} (1 = first retry): initial * 2^(n-1), capped at max. */
    public Duration backoff(int retry) {
        long millis = initialBackoff.toMillis() << Math.min(30, Math.max(0, retry - 1));
        return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }

    /** Consumer properties: manual commits, the group, bounded batches, security passed through. */
    public Map<String, Object> consumerProperties(String clientId) {
        Map<String, Object> props = new HashMap<>(kafkaSecurity);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                startPosition.kind() == StartPosition.Kind.LATEST ? "latest" : "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(500, maxBufferedRecords));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** Producer properties for dead letters: idempotent, {@code acks=all}, the original bytes. */
    public Map<String, Object> deadLetterProducerProperties(String clientId) {
        Map<String, Object> props = new HashMap<>(kafkaSecurity);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** The registry client settings. */
    public SchemaRegistryConfig registryConfig() {
        SchemaRegistryConfig config = SchemaRegistryConfig.of(schemaRegistryUrl);
        return registryUserInfo.map(config::withBasicAuth).orElse(config);
    }

    /** The settings, with the registry password and secret security values masked. */
    @Override
    public String toString() {
        return "SubscriberConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl="
                + Secrets.maskUrls(schemaRegistryUrl) + ", registryUserInfo=" + Secrets.maskUserInfo(registryUserInfo)
                + ", groupId=" + groupId + ", topicPrefix=" + topicPrefix + ", maxConcurrency=" + maxConcurrency
                + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", failureStrategy=" + failureStrategy + ", maxBufferedRecords=" + maxBufferedRecords
                + ", commitInterval=" + commitInterval + ", startPosition=" + startPosition + ", strictTypes=" + strictTypes
                + ", revokeTimeout=" + revokeTimeout + ", kafkaSecurity=" + Secrets.masked(kafkaSecurity) + "]";
    }

    private static void required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
