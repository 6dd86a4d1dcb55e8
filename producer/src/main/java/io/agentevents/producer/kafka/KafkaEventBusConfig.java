package io.agentevents.producer.kafka;

import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import io.agentevents.schemas.clients.KafkaSecuritySettings;
import io.agentevents.schemas.clients.Secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a {@link KafkaEventBus} needs, declared once, with defaults and validation; turned into
 * Kafka producer properties only at the client edge ({@link #producerProperties()}). Built from code
 * ({@link #defaults}, {@link #local}, withers), a properties file ({@link #load}, {@link #fromProperties})
 * or the environment ({@link #fromEnvironment}); names and defaults are listed in
 * {@link KafkaEventBusSetting}. Immutable. {@link #toString()} masks the registry password (also in
 * the URL) and every secret security setting ({@link Secrets}), so the config may be logged.
 *
 * @param bootstrapServers    Kafka bootstrap servers
 * @param schemaRegistryUrl   schema registry base URL(s), comma-separated
 * @param registryUserInfo    {@code user:password} for the registry's basic auth, if any
 * @param topics              topic prefix, partitions, replication, {@code min.insync.replicas}
 * @param provision           create topics, register the schema and set subject compatibility on start
 * @param autoRegisterSchemas let the serializer register the schema on first send
 * @param clientId            Kafka {@code client.id}
 * @param deliveryTimeout     bound on one emit (Kafka {@code delivery.timeout.ms})
 * @param requestTimeout      bound on one broker request
 * @param maxBlock            bound on waiting for metadata or buffer space inside {@code emit}
 * @param linger              batching delay
 * @param compressionType     none, gzip, snappy, lz4 or zstd
 * @param kafkaSecurity       {@code security.*}, {@code ssl.*} and {@code sasl.*} client settings, passed through
 */
public record KafkaEventBusConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        Optional<String> registryUserInfo,
        TopicLayout topics,
        boolean provision,
        boolean autoRegisterSchemas,
        String clientId,
        Duration deliveryTimeout,
        Duration requestTimeout,
        Duration maxBlock,
        Duration linger,
        String compressionType,
        Map<String, String> kafkaSecurity) {

    private static final Set<String> COMPRESSION_TYPES = Set.of("none", "gzip", "snappy", "lz4", "zstd");
    private static final String SECURITY_PREFIX = "eventbus.kafka.";

    public KafkaEventBusConfig {
        bootstrapServers = required("bootstrapServers", bootstrapServers);
        schemaRegistryUrl = required("schemaRegistryUrl", schemaRegistryUrl);
        Objects.requireNonNull(registryUserInfo, "registryUserInfo");
        Objects.requireNonNull(topics, "topics");
        clientId = required("clientId", clientId);
        positive("deliveryTimeout", deliveryTimeout);
        positive("requestTimeout", requestTimeout);
        positive("maxBlock", maxBlock);
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
        if (!COMPRESSION_TYPES.contains(compressionType)) {
            throw new IllegalArgumentException("compressionType must be one of " + new TreeSet<>(COMPRESSION_TYPES)
                    + ", was '" + compressionType + "'");
        }
        kafkaSecurity = KafkaSecuritySettings.checked(kafkaSecurity);
    }

    /** Production defaults (see {@link KafkaEventBusSetting}) for the given cluster and registry. */
    public static KafkaEventBusConfig defaults(String bootstrapServers, String schemaRegistryUrl) {
        return fromMap(Map.of(KafkaEventBusSetting.BOOTSTRAP_SERVERS.property(), bootstrapServers,
                KafkaEventBusSetting.SCHEMA_REGISTRY_URL.property(), schemaRegistryUrl));
    }

    /**
     * For the local platform and tests: topics as {@code eventbus local} makes them (3 partitions,
     * replication 1) and schemas registered on first send.
     */
    public static KafkaEventBusConfig local(String bootstrapServers, String schemaRegistryUrl) {
        return defaults(bootstrapServers, schemaRegistryUrl).withTopics(TopicLayout.local(1)).withAutoRegisterSchemas(true);
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

    /** Reads {@code eventbus.*} settings; unknown {@code eventbus.*} names are refused, naming them. */
    public static KafkaEventBusConfig fromProperties(Properties properties) {
        Map<String, String> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return fromMap(map);
    }

    /**
     * Reads {@code EVENTBUS_*} variables, e.g. {@code EVENTBUS_BOOTSTRAP_SERVERS}; security settings
     * as {@code EVENTBUS_KAFKA_SASL_MECHANISM} ({@code sasl.mechanism}).
     */
    public static KafkaEventBusConfig fromEnvironment(Map<String, String> environment) {
        Map<String, String> map = new HashMap<>();
        for (KafkaEventBusSetting setting : KafkaEventBusSetting.values()) {
            String value = environment.get(setting.environmentVariable());
            if (value != null && setting != KafkaEventBusSetting.KAFKA_SECURITY) {
                map.put(setting.property(), value);
            }
        }
        environment.forEach((name, value) -> {
            if (name.startsWith("EVENTBUS_KAFKA_")) {
                map.put(SECURITY_PREFIX + name.substring("EVENTBUS_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return fromMap(map);
    }

    private static KafkaEventBusConfig fromMap(Map<String, String> values) {
        Map<String, String> security = new HashMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith(SECURITY_PREFIX)) {
                security.put(name.substring(SECURITY_PREFIX.length()), entry.getValue());
            } else if (name.startsWith("eventbus.") && settingNamed(name).isEmpty()) {
                throw new IllegalArgumentException("unknown setting '" + name + "'; known settings: "
                        + java.util.Arrays.stream(KafkaEventBusSetting.values()).map(KafkaEventBusSetting::property).toList());
            }
        }
        TopicLayout topics = new TopicLayout(
                text(values, KafkaEventBusSetting.TOPIC_PREFIX),
                integer(values, KafkaEventBusSetting.TOPIC_PARTITIONS),
                (short) integer(values, KafkaEventBusSetting.TOPIC_REPLICATION_FACTOR),
                integer(values, KafkaEventBusSetting.TOPIC_MIN_INSYNC_REPLICAS));
        String userInfo = text(values, KafkaEventBusSetting.SCHEMA_REGISTRY_USER_INFO);
        return new KafkaEventBusConfig(
                text(values, KafkaEventBusSetting.BOOTSTRAP_SERVERS),
                text(values, KafkaEventBusSetting.SCHEMA_REGISTRY_URL),
                userInfo.isEmpty() ? Optional.empty() : Optional.of(userInfo),
                topics,
                bool(values, KafkaEventBusSetting.PROVISION),
                bool(values, KafkaEventBusSetting.AUTO_REGISTER_SCHEMAS),
                text(values, KafkaEventBusSetting.CLIENT_ID),
                Duration.ofMillis(integer(values, KafkaEventBusSetting.DELIVERY_TIMEOUT_MS)),
                Duration.ofMillis(integer(values, KafkaEventBusSetting.REQUEST_TIMEOUT_MS)),
                Duration.ofMillis(integer(values, KafkaEventBusSetting.MAX_BLOCK_MS)),
                Duration.ofMillis(integer(values, KafkaEventBusSetting.LINGER_MS)),
                text(values, KafkaEventBusSetting.COMPRESSION_TYPE),
                security);
    }

    public KafkaEventBusConfig withTopics(TopicLayout newTopics) {
        return new KafkaEventBusConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, newTopics, provision,
                autoRegisterSchemas, clientId, deliveryTimeout, requestTimeout, maxBlock, linger, compressionType, kafkaSecurity);
    }

    public KafkaEventBusConfig withProvision(boolean newProvision) {
        return new KafkaEventBusConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, topics, newProvision,
                autoRegisterSchemas, clientId, deliveryTimeout, requestTimeout, maxBlock, linger, compressionType, kafkaSecurity);
    }

    public KafkaEventBusConfig withAutoRegisterSchemas(boolean newAutoRegister) {
        return new KafkaEventBusConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, topics, provision,
                newAutoRegister, clientId, deliveryTimeout, requestTimeout, maxBlock, linger, compressionType, kafkaSecurity);
    }

    /** Sets the delivery timeout, and shortens the request timeout and max block to fit inside it. */
    public KafkaEventBusConfig withDeliveryTimeout(Duration newDeliveryTimeout) {
        Duration request = min(requestTimeout, newDeliveryTimeout.minus(linger));
        return new KafkaEventBusConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, topics, provision,
                autoRegisterSchemas, clientId, newDeliveryTimeout, request, min(maxBlock, newDeliveryTimeout), linger,
                compressionType, kafkaSecurity);
    }

    public KafkaEventBusConfig withClientId(String newClientId) {
        return new KafkaEventBusConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, topics, provision,
                autoRegisterSchemas, newClientId, deliveryTimeout, requestTimeout, maxBlock, linger, compressionType, kafkaSecurity);
    }

    /** Basic-auth credentials {@code user:password} for the schema registry. */
    public KafkaEventBusConfig withRegistryUserInfo(String userInfo) {
        return new KafkaEventBusConfig(bootstrapServers, schemaRegistryUrl, Optional.of(Objects.requireNonNull(userInfo,
                "userInfo")), topics, provision, autoRegisterSchemas, clientId, deliveryTimeout, requestTimeout, maxBlock,
                linger, compressionType, kafkaSecurity);
    }

    public KafkaEventBusConfig withKafkaSecurity(Map<String, String> security) {
        return new KafkaEventBusConfig(bootstrapServers, schemaRegistryUrl, registryUserInfo, topics, provision,
                autoRegisterSchemas, clientId, deliveryTimeout, requestTimeout, maxBlock, linger, compressionType, security);
    }

    /** The Kafka producer properties: idempotent, {@code acks=all}, these timeouts, security passed through. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>(kafkaSecurity);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
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
        Map<String, Object> props = new HashMap<>(kafkaSecurity);
        props.put("bootstrap.servers", bootstrapServers);
        props.put("client.id", clientId + "-admin");
        props.put("request.timeout.ms", (int) requestTimeout.toMillis());
        props.put("default.api.timeout.ms", (int) deliveryTimeout.toMillis());
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
        return "KafkaEventBusConfig[bootstrapServers=" + bootstrapServers
                + ", schemaRegistryUrl=" + Secrets.maskUrls(schemaRegistryUrl)
                + ", registryUserInfo=" + Secrets.maskUserInfo(registryUserInfo)
                + ", topics=" + topics + ", provision=" + provision + ", autoRegisterSchemas=" + autoRegisterSchemas
                + ", clientId=" + clientId + ", deliveryTimeout=" + deliveryTimeout + ", requestTimeout=" + requestTimeout
                + ", maxBlock=" + maxBlock + ", linger=" + linger + ", compressionType=" + compressionType
                + ", kafkaSecurity=" + Secrets.masked(kafkaSecurity) + "]";
    }

    private static Optional<KafkaEventBusSetting> settingNamed(String property) {
        return java.util.Arrays.stream(KafkaEventBusSetting.values()).filter(s -> s.property().equals(property)).findFirst();
    }

    private static String text(Map<String, String> values, KafkaEventBusSetting setting) {
        String value = values.getOrDefault(setting.property(), setting.defaultValue());
        if (value == null) {
            throw new IllegalArgumentException(setting.property() + " (" + setting.environmentVariable() + ") is required");
        }
        return value.trim();
    }

    private static int integer(Map<String, String> values, KafkaEventBusSetting setting) {
        String value = text(values, setting);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.property() + " must be an integer, was '" + value + "'", e);
        }
    }

    private static boolean bool(Map<String, String> values, KafkaEventBusSetting setting) {
        String value = text(values, setting).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(setting.property() + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
