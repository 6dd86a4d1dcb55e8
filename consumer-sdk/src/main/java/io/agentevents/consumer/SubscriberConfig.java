package io.agentevents.consumer;

import io.agentevents.consumer.internal.SubscriberClientProperties;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.Durations;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an {@link EventSubscriber} needs, with defaults and validation; turned into Kafka
 * client properties only at the edge. Built with {@link #builder} (or {@link #defaults}), which
 * validates in {@link Builder#build()} and names the bad field in the {@link IllegalArgumentException}.
 * Immutable and thread-safe; {@link #toBuilder()} starts a changed copy. {@link #toString()} never
 * shows a secret (see {@link ClusterConnection}). Accessors are record-style.
 *
 * <p>Defaults: prefix {@code events}, concurrency 1, 3 attempts with backoff 100 ms doubling up to
 * 10 s, dead-letter (records given up on written to {@code <topic>.dlq}), 1,000 buffered records
 * (at least 4 per handler slot), commit every second, committed offsets (else the beginning), unknown
 * types skipped, 30 s to drain lost partitions on a rebalance, dynamic group membership with Kafka's
 * 45 s session timeout.
 *
 * <p>A subscriber that must not write to the cluster (a viewer such as {@code eventbus tail}) sets
 * {@link Builder#deadLetterPolicy} to {@link DeadLetterPolicy#SKIP} and, when its group is a
 * throw-away one, {@link Builder#commitOffsets} to false.
 */
public final class SubscriberConfig {
    private final SubscriberSettings settings;

    private SubscriberConfig(Builder builder) {
        settings = new SubscriberSettings(builder.connection, builder.groupId, builder.topicPrefix, builder.maxConcurrency,
                builder.maxAttempts, builder.initialBackoff, builder.maxBackoff, builder.failureStrategy,
                builder.maxBufferedRecords, builder.commitInterval, builder.startPosition, builder.strictTypes,
                builder.revokeTimeout, builder.deadLetterPolicy, builder.commitOffsets,
                Optional.ofNullable(builder.instanceId), builder.sessionTimeout);
    }

    /** A builder with the defaults (see the class comment) for this cluster, registry and group. */
    public static Builder builder(String bootstrapServers, String schemaRegistryUrl, String groupId) {
        return builder(ClusterConnection.of(bootstrapServers, schemaRegistryUrl), groupId);
    }

    /** A builder with the defaults (see the class comment) for this connection and group. */
    public static Builder builder(ClusterConnection connection, String groupId) {
        return new Builder(connection, groupId);
    }

    /** The defaults (see the class comment) for this cluster, registry and group. */
    public static SubscriberConfig defaults(String bootstrapServers, String schemaRegistryUrl, String groupId) {
        return builder(bootstrapServers, schemaRegistryUrl, groupId).build();
    }

    /** A builder holding this configuration, to build a changed copy. */
    public Builder toBuilder() {
        Builder builder = builder(connection(), groupId())
                .topicPrefix(topicPrefix())
                .maxConcurrency(maxConcurrency())
                .retries(maxAttempts(), initialBackoff(), maxBackoff())
                .failureStrategy(failureStrategy())
                .commitInterval(commitInterval())
                .startPosition(startPosition())
                .strictTypes(strictTypes())
                .revokeTimeout(revokeTimeout())
                .deadLetterPolicy(deadLetterPolicy())
                .commitOffsets(commitOffsets())
                .sessionTimeout(sessionTimeout());
        instanceId().ifPresent(builder::instanceId);
        if (maxBufferedRecords() != SubscriberSettings.defaultBufferedRecords(maxConcurrency())) {
            builder.maxBufferedRecords(maxBufferedRecords()); // else it follows a changed concurrency, as by default
        }
        return builder;
    }

    /** Kafka's bootstrap servers and security settings, the schema registry. */
    public ClusterConnection connection() {
        return settings.connection();
    }

    /** The consumer group: subscribers with one group share the partitions. */
    public String groupId() {
        return settings.groupId();
    }

    /** Domain topics are {@code <prefix>.<domain>}. */
    public String topicPrefix() {
        return settings.topicPrefix();
    }

    /**
     * Handlers running at once (1 = one record at a time, in order); records of one correlation id
     * always run one at a time, in partition order.
     */
    public int maxConcurrency() {
        return settings.maxConcurrency();
    }

    /** Calls of a failing handler before the {@link FailureStrategy} applies (at least 1). */
    public int maxAttempts() {
        return settings.maxAttempts();
    }

    /** Wait before the first retry; doubled for each further one. */
    public Duration initialBackoff() {
        return settings.initialBackoff();
    }

    /** Longest wait between retries. */
    public Duration maxBackoff() {
        return settings.maxBackoff();
    }

    /** What happens after the last failed attempt. */
    public FailureStrategy failureStrategy() {
        return settings.failureStrategy();
    }

    /** Records read but not yet finished; above it the subscriber pauses reading. */
    public int maxBufferedRecords() {
        return settings.maxBufferedRecords();
    }

    /** How often finished offsets are committed (also on close and on rebalance). */
    public Duration commitInterval() {
        return settings.commitInterval();
    }

    /** Where to start reading. */
    public StartPosition startPosition() {
        return settings.startPosition();
    }

    /** Dead-letter events of a type this build does not know (else skip them). */
    public boolean strictTypes() {
        return settings.strictTypes();
    }

    /** On a rebalance, how long to wait for running handlers of lost partitions. */
    public Duration revokeTimeout() {
        return settings.revokeTimeout();
    }

    /** Whether records given up on are written to {@code <topic>.dlq} or only reported. */
    public DeadLetterPolicy deadLetterPolicy() {
        return settings.deadLetterPolicy();
    }

    /**
     * Whether finished offsets are committed to the group (every {@link #commitInterval()}, on a
     * rebalance and on close). Without commits the group keeps no position: a new start begins at
     * the {@link #startPosition()} again.
     */
    public boolean commitOffsets() {
        return settings.commitOffsets();
    }

    /**
     * Static group membership ({@code group.instance.id}): a subscriber started with the id of one
     * that was killed takes over its partitions at once, with no rebalance, instead of after the
     * {@link #sessionTimeout()}. Each running subscriber of a group needs an id of its own. A static
     * member that closes does not leave the group: its partitions wait for its successor (or the
     * session timeout). Empty (the default): dynamic membership.
     */
    public Optional<String> instanceId() {
        return settings.instanceId();
    }

    /**
     * How long the group waits for a silent member (one killed, or cut off) before giving its
     * partitions to the others: Kafka's {@code session.timeout.ms}, 6 s .. 30 min, 45 s by default.
     */
    public Duration sessionTimeout() {
        return settings.sessionTimeout();
    }

    /** The topic of a domain under this prefix. */
    public String topic(Domain domain) {
        return domain.topic(topicPrefix());
    }

    /** The backoff before retry {@code n} (1 = first retry): initial * 2^(n-1), capped at max. */
    public Duration backoff(int retry) {
        long millis = initialBackoff().toMillis() << Math.min(30, Math.max(0, retry - 1));
        return millis <= 0 || millis > maxBackoff().toMillis() ? maxBackoff() : Duration.ofMillis(millis);
    }

    /**
     * Consumer properties: manual commits, the group (cooperative rebalancing, a heartbeat every
     * 500 ms), bounded batches, security passed through.
     */
    public Map<String, Object> consumerProperties(String clientId) {
        return SubscriberClientProperties.consumer(this, clientId);
    }

    /** Producer properties for dead letters: idempotent, {@code acks=all}, the original bytes. */
    public Map<String, Object> deadLetterProducerProperties(String clientId) {
        return SubscriberClientProperties.deadLetterProducer(this, clientId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubscriberConfig that && settings.equals(that.settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    /** The fields; secrets hidden by the connection. */
    @Override
    public String toString() {
        SubscriberSettings s = settings;
        return "SubscriberConfig[connection=" + s.connection() + ", groupId=" + s.groupId() + ", topicPrefix=" + s.topicPrefix()
                + ", maxConcurrency=" + s.maxConcurrency() + ", maxAttempts=" + s.maxAttempts() + ", initialBackoff="
                + s.initialBackoff() + ", maxBackoff=" + s.maxBackoff() + ", failureStrategy=" + s.failureStrategy()
                + ", maxBufferedRecords=" + s.maxBufferedRecords() + ", commitInterval=" + s.commitInterval()
                + ", startPosition=" + s.startPosition() + ", strictTypes=" + s.strictTypes() + ", revokeTimeout="
                + s.revokeTimeout() + ", deadLetterPolicy=" + s.deadLetterPolicy() + ", commitOffsets=" + s.commitOffsets()
                + ", instanceId=" + s.instanceId().orElse("") + ", sessionTimeout=" + s.sessionTimeout() + "]";
    }

    /**
     * Builds a {@link SubscriberConfig}, starting from the defaults. Not thread-safe; each setter
     * returns this builder. {@link #build()} validates and names the bad field.
     */
    public static final class Builder {
        private ClusterConnection connection;
        private String groupId;
        private String topicPrefix = Domain.DEFAULT_TOPIC_PREFIX;
        private int maxConcurrency = 1;
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private FailureStrategy failureStrategy = FailureStrategy.DEAD_LETTER;
        private Integer maxBufferedRecords;
        private Duration commitInterval = Duration.ofSeconds(1);
        private StartPosition startPosition = StartPosition.committed();
        private boolean strictTypes;
        private Duration revokeTimeout = Duration.ofSeconds(30);
        private DeadLetterPolicy deadLetterPolicy = DeadLetterPolicy.WRITE;
        private boolean commitOffsets = true;
        private String instanceId;
        private Duration sessionTimeout = Durations.DEFAULT_SESSION_TIMEOUT;

        private Builder(ClusterConnection connection, String groupId) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.groupId = groupId;
        }

        /** Another connection (servers, registry, security). */
        public Builder connection(ClusterConnection newConnection) {
            this.connection = Objects.requireNonNull(newConnection, "connection");
            return this;
        }

        /** Basic-auth credentials {@code user:password} for the schema registry. */
        public Builder registryUserInfo(String userInfo) {
            return connection(connection.withRegistryUserInfo(userInfo));
        }

        /** {@code security.*}, {@code ssl.*} and {@code sasl.*} settings for Kafka. */
        public Builder kafkaSecurity(Map<String, String> security) {
            return connection(connection.withKafkaSecurity(security));
        }

        public Builder groupId(String group) {
            this.groupId = group;
            return this;
        }

        public Builder topicPrefix(String prefix) {
            this.topicPrefix = prefix;
            return this;
        }

        /** Handlers at once; unless {@link #maxBufferedRecords} is set, the buffer holds at least 4 records per slot. */
        public Builder maxConcurrency(int concurrency) {
            this.maxConcurrency = concurrency;
            return this;
        }

        /** Attempts per record, the first backoff and the longest one. */
        public Builder retries(int attempts, Duration initial, Duration max) {
            this.maxAttempts = attempts;
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public Builder failureStrategy(FailureStrategy strategy) {
            this.failureStrategy = strategy;
            return this;
        }

        /** Records read but not finished before reading pauses: at least {@link #maxConcurrency}. */
        public Builder maxBufferedRecords(int records) {
            this.maxBufferedRecords = records;
            return this;
        }

        public Builder commitInterval(Duration interval) {
            this.commitInterval = interval;
            return this;
        }

        public Builder startPosition(StartPosition position) {
            this.startPosition = position;
            return this;
        }

        public Builder strictTypes(boolean strict) {
            this.strictTypes = strict;
            return this;
        }

        public Builder revokeTimeout(Duration timeout) {
            this.revokeTimeout = timeout;
            return this;
        }

        /** Write records given up on to {@code <topic>.dlq} ({@code WRITE}, the default) or only report them ({@code SKIP}). */
        public Builder deadLetterPolicy(DeadLetterPolicy policy) {
            this.deadLetterPolicy = policy;
            return this;
        }

        /** Commit finished offsets to the group (true, the default), or keep no position at all (false). */
        public Builder commitOffsets(boolean commit) {
            this.commitOffsets = commit;
            return this;
        }

        /** Static group membership under this {@code group.instance.id} (see {@link SubscriberConfig#instanceId()}). */
        public Builder instanceId(String id) {
            this.instanceId = Objects.requireNonNull(id, "instanceId");
            return this;
        }

        /** How long the group waits for a silent member (see {@link SubscriberConfig#sessionTimeout()}). */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = timeout;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException naming the bad field
         */
        public SubscriberConfig build() {
            return new SubscriberConfig(this);
        }
    }
}
