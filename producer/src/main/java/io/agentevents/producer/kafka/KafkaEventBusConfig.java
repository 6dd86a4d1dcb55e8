package io.agentevents.producer.kafka;

import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.connection.Durations;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Everything a {@link KafkaEventBus} needs, declared once, with defaults and validation; turned into
 * Kafka producer properties only at the client edge ({@link #producerProperties()}). Built from code
 * ({@link #defaults}, {@link #local}, withers), a properties file ({@link #load}, {@link #fromProperties})
 * or the environment ({@link #fromEnvironment}); names and defaults are listed in
 * {@link KafkaEventBusSetting}. Immutable and thread-safe; {@link #toString()} never shows a secret
 * (see {@link ClusterConnection}), so the config may be logged.
 *
 * @param connection          Kafka bootstrap servers and security settings, the schema registry
 * @param topics              topic prefix, partitions, replication, {@code min.insync.replicas}
 * @param provision           create topics, register the schema and set subject compatibility on start
 * @param autoRegisterSchemas let the serializer register the schema on first send
 * @param clientId            Kafka {@code client.id}
 * @param deliveryTimeout     bound on one emit (Kafka {@code delivery.timeout.ms})
 * @param requestTimeout      bound on one broker request
 * @param maxBlock            bound on waiting for metadata or buffer space inside {@code emit}
 * @param linger              batching delay
 * @param compressionType     none, gzip (the default: every Kafka client reads it without a codec to add), snappy, lz4 or zstd
 */
public record KafkaEventBusConfig(
        ClusterConnection connection,
        TopicLayout topics,
        boolean provision,
        boolean autoRegisterSchemas,
        String clientId,
        Duration deliveryTimeout,
        Duration requestTimeout,
        Duration maxBlock,
        Duration linger,
        String compressionType) {

    private static final String SECURITY_PREFIX = "eventbus.kafka.";

    /** Validates every field, naming the bad one. */
    public KafkaEventBusConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(topics, "topics");
        clientId = required("clientId", clientId);
        Durations.requirePositive("deliveryTimeout", deliveryTimeout);
        Durations.requirePositive("requestTimeout", requestTimeout);
        Durations.requirePositive("maxBlock", maxBlock);
        Objects.requireNonNull(linger, "linger");
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, was " + linger);
        }
        if (deliveryTimeout.compareTo(requestTimeout.plus(linger)) < 0) {
            throw new IllegalArgumentException("deliveryTimeout (" + deliveryTimeout.toMillis()
                    + " ms) must be at least requestTimeout + linger (" + requestTimeout.plus(linger).toMillis() + " ms)");
        }
        if (maxBlock.compareTo(deliveryTimeout) > 0) {
            throw new IllegalArgumentException("maxBlock (" + maxBlock.toMillis() + " ms) must not exceed deliveryTimeout ("
                    + deliveryTimeout.toMillis() + " ms), or an emit could outlast the delivery timeout");
        }
        compressionType = required("compressionType", compressionType).toLowerCase(Locale.ROOT);
        if (!KafkaEventBusSetting.COMPRESSION_TYPES.contains(compressionType)) {
            throw new IllegalArgumentException("compressionType must be one of "
                    + new TreeSet<>(KafkaEventBusSetting.COMPRESSION_TYPES) + ", was '" + compressionType + "'");
        }
    }

    /** Production defaults (see {@link KafkaEventBusSetting}) for the given cluster and registry. */
    public static KafkaEventBusConfig defaults(String bootstrapServers, String schemaRegistryUrl) {
        return defaults(ClusterConnection.of(bootstrapServers, schemaRegistryUrl));
    }

    /** Production defaults (see {@link KafkaEventBusSetting}) for the given connection. */
    public static KafkaEventBusConfig defaults(ClusterConnection connection) {
        return fromMap(Map.of(), connection);
    }

    /**
     * For the local platform and tests: topics as {@code eventbus local} makes them (3 partitions,
     * replication 1) and schemas registered on first send.
     */
    public static KafkaEventBusConfig local(String bootstrapServers, String schemaRegistryUrl) {
        return local(ClusterConnection.of(bootstrapServers, schemaRegistryUrl));
    }

    /** As {@link #local(String, String)}, for the given connection. */
    public static KafkaEventBusConfig local(ClusterConnection connection) {
        return defaults(connection).withTopics(TopicLayout.local(1)).withAutoRegisterSchemas(true);
    }

    /** Reads a properties file of {@code eventbus.*} settings. */
    public static KafkaEventBusConfig load(Path propertiesFile) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(propertiesFile)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event bus settings from " + propertiesFile + ": " + e.getMessage(), e);
        }
        return fromProperties(properties);
    }

    /**
     * Reads {@code eventbus.*} settings; unknown {@code eventbus.*} names are refused, naming them.
     *
     * @throws io.agentevents.schemas.connection.SettingException naming the missing or bad setting
     */
    public static KafkaEventBusConfig fromProperties(Properties properties) {
        Map<String, String> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return fromMap(map, ConnectionSettings.fromProperties(map));
    }

    /**
     * Reads {@code EVENTBUS_*} variables, e.g. {@code EVENTBUS_BOOTSTRAP_SERVERS}; security settings
     * as {@code EVENTBUS_KAFKA_SASL_MECHANISM} ({@code sasl.mechanism}).
     *
     * @throws io.agentevents.schemas.connection.SettingException naming the missing or bad setting
     */
    public static KafkaEventBusConfig fromEnvironment(Map<String, String> environment) {
        Map<String, String> map = new HashMap<>();
        for (KafkaEventBusSetting setting : KafkaEventBusSetting.values()) {
            String value = environment.get(setting.environmentVariable());
            if (value != null) {
                map.put(setting.property(), value);
            }
        }
        return fromMap(map, ConnectionSettings.fromEnvironment(environment));
    }

    private static KafkaEventBusConfig fromMap(Map<String, String> values, ClusterConnection connection) {
        for (String name : values.keySet()) {
            if (name.startsWith("eventbus.") && !name.startsWith(SECURITY_PREFIX)
                    && Arrays.stream(KafkaEventBusSetting.values()).noneMatch(s -> s.property().equals(name))) {
                throw new IllegalArgumentException("unknown setting '" + name + "'; known settings: "
                        + Arrays.stream(KafkaEventBusSetting.values()).map(KafkaEventBusSetting::property).toList());
            }
        }
        TopicLayout topics = new TopicLayout(
                value(values, KafkaEventBusSetting.TOPIC_PREFIX),
                value(values, KafkaEventBusSetting.TOPIC_PARTITIONS),
                (short) (int) value(values, KafkaEventBusSetting.TOPIC_REPLICATION_FACTOR),
                value(values, KafkaEventBusSetting.TOPIC_MIN_INSYNC_REPLICAS));
        return new KafkaEventBusConfig(
                connection,
                topics,
                value(values, KafkaEventBusSetting.PROVISION),
                value(values, KafkaEventBusSetting.AUTO_REGISTER_SCHEMAS),
                value(values, KafkaEventBusSetting.CLIENT_ID),
                millis(values, KafkaEventBusSetting.DELIVERY_TIMEOUT_MS),
                millis(values, KafkaEventBusSetting.REQUEST_TIMEOUT_MS),
                millis(values, KafkaEventBusSetting.MAX_BLOCK_MS),
                millis(values, KafkaEventBusSetting.LINGER_MS),
                value(values, KafkaEventBusSetting.COMPRESSION_TYPE));
    }

    public KafkaEventBusConfig withTopics(TopicLayout newTopics) {
        return new KafkaEventBusConfig(connection, newTopics, provision,
                autoRegisterSchemas, clientId, deliveryTimeout, requestTimeout, maxBlock, linger, compressionType);
    }

    public KafkaEventBusConfig withProvision(boolean newProvision) {
        return new KafkaEventBusConfig(connection, topics, newProvision,
                autoRegisterSchemas, clientId, deliveryTimeout, requestTimeout, maxBlock, linger, compressionType);
    }

    public KafkaEventBusConfig withAutoRegisterSchemas(boolean newAutoRegister) {
        return new KafkaEventBusConfig(connection, topics, provision,
                newAutoRegister, clientId, deliveryTimeout, requestTimeout, maxBlock, linger, compressionType);
    }

    /** Sets the delivery timeout, and shortens the request timeout and max block to fit inside it. */
    public KafkaEventBusConfig withDeliveryTimeout(Duration newDeliveryTimeout) {
        Duration request = min(requestTimeout, newDeliveryTimeout.minus(linger));
        return new KafkaEventBusConfig(connection, topics, provision,
                autoRegisterSchemas, clientId, newDeliveryTimeout, request, min(maxBlock, newDeliveryTimeout), linger,
                compressionType);
    }

    public KafkaEventBusConfig withClientId(String newClientId) {
        return new KafkaEventBusConfig(connection, topics, provision,
                autoRegisterSchemas, newClientId, deliveryTimeout, requestTimeout, maxBlock, linger, compressionType);
    }

    /** This configuration with another connection. */
    public KafkaEventBusConfig withConnection(ClusterConnection newConnection) {
        return new KafkaEventBusConfig(newConnection, topics, provision, autoRegisterSchemas, clientId, deliveryTimeout,
                requestTimeout, maxBlock, linger, compressionType);
    }

    /** Basic-auth credentials {@code user:password} for the schema registry. */
    public KafkaEventBusConfig withRegistryUserInfo(String userInfo) {
        return withConnection(connection.withRegistryUserInfo(userInfo));
    }

    /** These {@code security.*}, {@code ssl.*} and {@code sasl.*} settings for Kafka. */
    public KafkaEventBusConfig withKafkaSecurity(Map<String, String> security) {
        return withConnection(connection.withKafkaSecurity(security));
    }

    /** The Kafka producer properties: idempotent, {@code acks=all}, these timeouts, security passed through. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> props = connection.clientProperties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compressionType);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    /** Admin client properties: the cluster, bounded timeouts, security passed through. */
    public Map<String, Object> adminProperties() {
        Map<String, Object> props = connection.adminProperties(deliveryTimeout);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
        return props;
    }

    private static Duration millis(Map<String, String> values, KafkaEventBusSetting setting) {
        return Duration.ofMillis(KafkaEventBusConfig.<Integer>value(values, setting));
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(Map<String, String> values, KafkaEventBusSetting setting) {
        return (T) setting.setting().fromProperties(values);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
