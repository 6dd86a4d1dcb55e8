package io.agentevents.local.registry;

import io.agentevents.local.LocalPlatformException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The registry's topic and the settings of the Kafka clients that use it. Configuration is typed
 * until here and becomes Kafka properties only in this class. Stateless apart from the config.
 */
final class SchemaTopic {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaTopic.class);

    /** Largest record the registry writes; a larger one is refused as "schema too large". */
    static final int MAX_RECORD_BYTES = 4 * 1024 * 1024;
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final SchemaRegistryServerConfig config;
    private final TopicPartition partition;

    SchemaTopic(SchemaRegistryServerConfig config) {
        this.config = config;
        this.partition = new TopicPartition(config.topic(), 0);
    }

    /** The one partition holding the registry's log. */
    TopicPartition partition() {
        return partition;
    }

    String bootstrapServers() {
        return config.bootstrapServers();
    }

    /** The one transactional id all instances on this topic write with, so Kafka lets one write at a time. */
    String transactionalId() {
        return config.topic() + "-registry-writer";
    }

    Map<String, Object> adminProperties(String clientId) {
        Map<String, Object> props = base(clientId);
        int timeoutMs = timeoutMs();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return props;
    }

    /**
     * An admin client's settings to log in as this user instead of the registry's own: the
     * overrides' protocol, SASL mechanism and trust settings, with {@code sasl.jaas.config} made
     * for the user (the SCRAM or PLAIN login module, as {@link SchemaRegistryServerConfig#kafkaLogins()}
     * requires). The caller makes sure neither value holds a double quote or a backslash.
     */
    Map<String, Object> loginCheckProperties(String clientId, String user, String password, int timeoutMs) {
        Map<String, Object> props = base(clientId);
        String module = SchemaRegistryServerConfig.loginModule(config.kafkaClientOverrides().get(SaslConfigs.SASL_MECHANISM));
        props.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + user + "\" password=\"" + password + "\";");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return props;
    }

    Map<String, Object> consumerProperties(String clientId) {
        Map<String, Object> props = base(clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    Map<String, Object> producerProperties(String clientId) {
        Map<String, Object> props = base(clientId);
        int timeoutMs = timeoutMs();
        int requestTimeoutMs = Math.max(1, timeoutMs / 2);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, requestTimeoutMs));
        // a writer that dies mid-transaction blocks readers until the next writer's init or this timeout
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.max(10_000, 2 * timeoutMs));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /**
     * Creates the topic if absent (one partition, compacted, replication min(3, brokers),
     * {@code min.insync.replicas} min(2, replication)), or checks an existing one is usable.
     *
     * @throws LocalPlatformException naming the bootstrap servers when Kafka does not answer in time,
     *                                or naming the topic when an existing one has more than one
     *                                partition or is not compacted
     */
    void ensureExists(Admin admin, long deadlineNanos) {
        String topic = config.topic();
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs(deadlineNanos)))
                    .nodes().get(remainingMs(deadlineNanos), TimeUnit.MILLISECONDS).size();
            short replication = (short) Math.max(1, Math.min(3, brokers));
            NewTopic newTopic = new NewTopic(topic, 1, replication).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replication)),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES)));
            try {
                admin.createTopics(List.of(newTopic)).all().get(remainingMs(deadlineNanos), TimeUnit.MILLISECONDS);
                LOG.info("created schema registry topic {} (replication {})", topic, replication);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                checkExisting(admin, deadlineNanos);
            }
        } catch (ExecutionException e) {
            throw new LocalPlatformException("cannot create or check topic " + topic + " on Kafka at "
                    + config.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LocalPlatformException("Kafka at " + config.bootstrapServers()
                    + " did not answer within " + config.kafkaTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPlatformException("interrupted while creating topic " + topic, e);
        }
    }

    private void checkExisting(Admin admin, long deadlineNanos)
            throws ExecutionException, TimeoutException, InterruptedException {
        String topic = config.topic();
        TopicDescription description = null;
        while (description == null) {
            try {
                description = admin.describeTopics(Set.of(topic), new DescribeTopicsOptions()
                                .timeoutMs(remainingMs(deadlineNanos)))
                        .allTopicNames().get(remainingMs(deadlineNanos), TimeUnit.MILLISECONDS).get(topic);
            } catch (ExecutionException e) {
                // another instance created it a moment ago and this broker does not know it yet
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || remainingMs(deadlineNanos) <= 1) {
                    throw e;
                }
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            }
        }
        if (description.partitions().size() != 1) {
            throw new LocalPlatformException("schema registry topic " + topic + " has "
                    + description.partitions().size() + " partitions; it must have exactly 1");
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config topicConfig = admin.describeConfigs(List.of(resource), new DescribeConfigsOptions()
                        .timeoutMs(remainingMs(deadlineNanos)))
                .all().get(remainingMs(deadlineNanos), TimeUnit.MILLISECONDS).get(resource);
        ConfigEntry policy = topicConfig == null ? null : topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy != null && !policy.value().toLowerCase(Locale.ROOT).contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new LocalPlatformException("schema registry topic " + topic + " has cleanup.policy="
                    + policy.value() + "; it must be compact, or old schemas would be deleted");
        }
    }

    private Map<String, Object> base(String clientId) {
        Map<String, Object> props = new HashMap<>(config.kafkaClientOverrides());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    private int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, config.kafkaTimeout().toMillis());
    }

    /** Milliseconds left until the deadline, at least 1 (Kafka treats 0 as "use the default"). */
    static int remainingMs(long deadlineNanos) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining));
    }

    /** A {@link System#nanoTime()} deadline {@code timeout} from now. */
    static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }
}
