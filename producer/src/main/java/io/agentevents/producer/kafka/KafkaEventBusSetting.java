package io.agentevents.producer.kafka;

import java.util.Locale;

/**
 * Every setting of {@link KafkaEventBusConfig} as it is named in a properties file
 * ({@code eventbus.*}) and in the environment ({@code EVENTBUS_*}), with its default. The table in
 * {@code docs/producing.md} is checked against this list by a test.
 */
public enum KafkaEventBusSetting {
    BOOTSTRAP_SERVERS("eventbus.bootstrap.servers", null, "Kafka bootstrap servers (required)"),
    SCHEMA_REGISTRY_URL("eventbus.schema.registry.url", null, "schema registry base URL(s), comma-separated (required)"),
    SCHEMA_REGISTRY_USER_INFO("eventbus.schema.registry.basic.auth.user.info", "", "`user:password` for the registry's HTTP basic auth"),
    TOPIC_PREFIX("eventbus.topic.prefix", "events", "topics are `<prefix>.<domain>`"),
    TOPIC_PARTITIONS("eventbus.topic.partitions", "6", "partitions of each topic created on start"),
    TOPIC_REPLICATION_FACTOR("eventbus.topic.replication.factor", "3", "replication factor of each topic created on start"),
    TOPIC_MIN_INSYNC_REPLICAS("eventbus.topic.min.insync.replicas", "2", "`min.insync.replicas` of each topic created on start"),
    PROVISION("eventbus.provision", "true", "on start, create missing topics, register the event schema and set each subject to FULL_TRANSITIVE; `false` when topics and schemas are managed elsewhere"),
    AUTO_REGISTER_SCHEMAS("eventbus.auto.register.schemas", "false", "let the serializer register the schema on first send (on for the local platform, off in production)"),
    CLIENT_ID("eventbus.client.id", "eventbus-producer", "Kafka `client.id`"),
    DELIVERY_TIMEOUT_MS("eventbus.delivery.timeout.ms", "30000", "bound on one emit, from send to acknowledgement or failure (Kafka `delivery.timeout.ms`)"),
    REQUEST_TIMEOUT_MS("eventbus.request.timeout.ms", "10000", "bound on one broker request (Kafka `request.timeout.ms`)"),
    MAX_BLOCK_MS("eventbus.max.block.ms", "10000", "bound on waiting for metadata or buffer space inside emit (Kafka `max.block.ms`)"),
    LINGER_MS("eventbus.linger.ms", "5", "time a batch waits for more events (Kafka `linger.ms`)"),
    COMPRESSION_TYPE("eventbus.compression.type", "lz4", "none, gzip, snappy, lz4 or zstd"),
    KAFKA_SECURITY("eventbus.kafka.*", "", "`security.*`, `ssl.*` and `sasl.*` client settings, passed to Kafka unchanged, e.g. `eventbus.kafka.security.protocol=SASL_SSL`");

    private final String property;
    private final String defaultValue;
    private final String description;

    KafkaEventBusSetting(String property, String defaultValue, String description) {
        this.property = property;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name in a properties file, e.g. {@code eventbus.bootstrap.servers}. */
    public String property() {
        return property;
    }

    /** The name in the environment, e.g. {@code EVENTBUS_BOOTSTRAP_SERVERS}. */
    public String environmentVariable() {
        return toEnvironmentName(property);
    }

    /** The default, or null when the setting is required. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** {@code eventbus.a.b-c} becomes {@code EVENTBUS_A_B_C}; {@code eventbus.kafka.*} becomes {@code EVENTBUS_KAFKA_*}. */
    static String toEnvironmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
