package io.agentevents.producer.kafka;

import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.connection.DeclaredSetting;
import io.agentevents.schemas.connection.Setting;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting of {@link KafkaEventBusConfig} as it is named in a properties file
 * ({@code eventbus.*}) and in the environment ({@code EVENTBUS_*}), with its default: each one a
 * {@link Setting} declared once and read through {@link DeclaredSetting} (the connection's in
 * {@link ConnectionSettings}, shared with the other configurations). The table in
 * {@code docs/producing.md} is checked against this list by a test.
 */
public enum KafkaEventBusSetting implements DeclaredSetting {
    BOOTSTRAP_SERVERS(ConnectionSettings.BOOTSTRAP_SERVERS),
    SCHEMA_REGISTRY_URL(ConnectionSettings.SCHEMA_REGISTRY_URL),
    SCHEMA_REGISTRY_USER_INFO(ConnectionSettings.SCHEMA_REGISTRY_USER_INFO),
    SCHEMA_REGISTRY_TRUSTSTORE_LOCATION(ConnectionSettings.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION),
    SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD(ConnectionSettings.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD),
    SCHEMA_REGISTRY_TRUSTSTORE_TYPE(ConnectionSettings.SCHEMA_REGISTRY_TRUSTSTORE_TYPE),
    TOPIC_PREFIX(Setting.text("eventbus.topic.prefix", "events", "topics are `<prefix>.<domain>`")),
    TOPIC_PARTITIONS(Setting.integer("eventbus.topic.partitions", "6", "partitions of each topic created on start",
            1, Integer.MAX_VALUE)),
    TOPIC_REPLICATION_FACTOR(Setting.integer("eventbus.topic.replication.factor", "3",
            "replication factor of each topic created on start", 1, Short.MAX_VALUE)),
    TOPIC_MIN_INSYNC_REPLICAS(Setting.integer("eventbus.topic.min.insync.replicas", "2",
            "`min.insync.replicas` of each topic created on start", 1, Integer.MAX_VALUE)),
    PROVISION(Setting.bool("eventbus.provision", "true", "on start, create missing topics, register the event schema and set each subject to FULL_TRANSITIVE; `false` when topics and schemas are managed elsewhere")),
    AUTO_REGISTER_SCHEMAS(Setting.bool("eventbus.auto.register.schemas", "false", "let the serializer register the schema on first send (on for the local platform, off in production)")),
    CLIENT_ID(Setting.text("eventbus.client.id", "eventbus-producer", "Kafka `client.id`")),
    DELIVERY_TIMEOUT_MS(Setting.integer("eventbus.delivery.timeout.ms", "30000", "bound on one emit, from send to acknowledgement or failure (Kafka `delivery.timeout.ms`)", 1, Integer.MAX_VALUE)),
    REQUEST_TIMEOUT_MS(Setting.integer("eventbus.request.timeout.ms", "10000", "bound on one broker request (Kafka `request.timeout.ms`)", 1, Integer.MAX_VALUE)),
    MAX_BLOCK_MS(Setting.integer("eventbus.max.block.ms", "10000", "bound on waiting for metadata or buffer space inside emit (Kafka `max.block.ms`)", 1, Integer.MAX_VALUE)),
    LINGER_MS(Setting.integer("eventbus.linger.ms", "5", "time a batch waits for more events (Kafka `linger.ms`)", 0, Integer.MAX_VALUE)),
    COMPRESSION_TYPE(Setting.of("eventbus.compression.type", "gzip", "none, gzip, snappy, lz4 or zstd; gzip because every Kafka client reads it with no codec to add (kafkajs reads no other), see interop.md", KafkaEventBusSetting::compressionType)),
    KAFKA_SECURITY(ConnectionSettings.KAFKA_SECURITY);

    /** The compression types Kafka's producer knows. */
    static final Set<String> COMPRESSION_TYPES = Set.of("none", "gzip", "snappy", "lz4", "zstd");

    private final Setting<?> setting;

    KafkaEventBusSetting(Setting<?> setting) {
        this.setting = setting;
    }

    @Override
    public Setting<?> setting() {
        return setting;
    }

    /** The compression type, lower-cased, when Kafka knows it. */
    static String compressionType(String text) {
        String type = text.toLowerCase(Locale.ROOT);
        if (!COMPRESSION_TYPES.contains(type)) {
            throw new IllegalArgumentException("must be one of " + new TreeSet<>(COMPRESSION_TYPES));
        }
        return type;
    }
}
