package io.agentevents.local;

import io.agentevents.local.internal.FreePorts;
import io.agentevents.local.internal.GroupMembers;
import io.agentevents.local.kafka.EmbeddedKafka;
import io.agentevents.local.kafka.EmbeddedKafkaConfig;
import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.local.registry.EmbeddedSchemaRegistry;
import io.agentevents.local.registry.SchemaRegistryServerConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.topics.SubjectProvisioner;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.schemas.topics.TopicProvisioner;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform on one machine with no Docker: a real KRaft Kafka ({@link EmbeddedKafka}), a
 * Confluent-API schema registry ({@link EmbeddedSchemaRegistry}) keeping its schemas in the
 * compacted {@code _schemas} topic, the domain topics and dead-letter topics created, and every
 * event subject set to {@code FULL_TRANSITIVE} with the contract registered under it
 * ({@link SubjectProvisioner}: the id any client registering {@code DomainEvent.avsc} gets). What
 * {@code eventbus local} runs.
 *
 * <p>Started on a data directory it used before, it keeps topics, offsets and schema ids. With
 * {@link LocalPlatformConfig#withSecurity} Kafka and the registry take only the cluster's users
 * ({@link #kafkaSecurity}, {@link #registryUserInfo}): the configured ones and, for the registry,
 * any user:password Kafka accepts, so users added later with Kafka's tools log in to both (see
 * {@link SchemaRegistryServerConfig#kafkaLogins()} for how long a changed password takes); see
 * {@code docs/security.md}.
 * Thread-safe; {@link #close()} stops everything, registry first.
 */
public final class LocalPlatform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);
    private static final Duration PROVISIONING_TIMEOUT = Duration.ofSeconds(30);

    private final LocalPlatformConfig config;
    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final TopicLayout layout;

    private LocalPlatform(LocalPlatformConfig config, EmbeddedKafka kafka, EmbeddedSchemaRegistry registry,
                          TopicLayout layout) {
        this.config = config;
        this.kafka = kafka;
        this.registry = registry;
        this.layout = layout;
    }

    /**
     * Starts Kafka, the registry, and provisions topics and subject compatibility.
     *
     * <p>Once Kafka serves: the registry starts, the domain and dead-letter topics are created (in
     * one request), the compatibility of every event subject is set (in one registry write;
     * none on a restart, when every subject has it already), and the contract is registered under
     * every event subject (in one registry write; none on a restart). One after the other, on purpose: the
     * one broker applies topic creations one at a time, so running these beside each other saved no
     * time (measured), and a client that lists the offsets of a topic the broker has not applied yet
     * gets "unknown topic", which Kafka's admin client logs at ERROR on every retry. Each step's time
     * is logged at INFO.
     *
     * @throws LocalPlatformException naming the port or directory when something cannot start
     */
    public static LocalPlatform start(LocalPlatformConfig config) {
        if (config.registryPort() != 0) {
            FreePorts.checkFree(config.registryPort(), "schema registry port");
        }
        if (config.httpPort() != 0) {
            // served by the projections once everything here has started: found taken at once, not seconds later
            FreePorts.checkFree(config.httpPort(), "query API port");
        }
        EmbeddedKafkaConfig kafkaConfig = EmbeddedKafkaConfig.nodes(config.brokers()).withBrokerPorts(brokerPorts(config));
        if (config.dataDirectory().isPresent()) {
            kafkaConfig = kafkaConfig.withDataDirectory(config.dataDirectory().get().resolve("kafka"));
        }
        if (config.security().isPresent()) {
            kafkaConfig = kafkaConfig.withSecurity(config.security().get());
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaConfig);
        TopicLayout layout = TopicLayout.local(config.brokers()).withPrefix(config.topicPrefix());
        EmbeddedSchemaRegistry registry = null;
        try (Admin admin = Admin.create(adminProperties(kafka))) {
            long started = System.nanoTime();
            registry = EmbeddedSchemaRegistry.start(SchemaRegistryServerConfig.of(kafka.bootstrapServers())
                    .withPort(config.registryPort())
                    .withKafkaClientOverrides(kafka.adminClientSecurity())
                    .withBasicAuthUsers(config.security().map(EmbeddedKafkaSecurity::allUsers).orElse(Map.of()))
                    .withKafkaLogins(config.security().isPresent()));
            long registered = System.nanoTime();
            TopicProvisioner.provision(admin, layout, PROVISIONING_TIMEOUT);
            long provisioned = System.nanoTime();
            registry.setSubjectCompatibility(subjectLevels(layout));
            long levelled = System.nanoTime();
            registry.registerUnderEach(SubjectProvisioner.subjects(layout.prefix()), AvroEventCodec.CONTRACT_SCHEMA);
            LOG.info("local platform provisioned: registry {} ms, topics {} ms, subject compatibility {} ms, "
                            + "contract registered {} ms", millis(registered - started), millis(provisioned - registered),
                    millis(levelled - provisioned), millis(System.nanoTime() - levelled));
            return new LocalPlatform(config, kafka, registry, layout);
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            kafka.close();
            throw e instanceof LocalPlatformException ? e
                    : new LocalPlatformException("local platform failed to start: " + e.getMessage(), e);
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static List<Integer> brokerPorts(LocalPlatformConfig config) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < config.brokers(); i++) {
            ports.add(config.kafkaPort() == 0 ? 0 : config.kafkaPort() + i);
        }
        return ports;
    }

    private static Map<String, Object> adminProperties(EmbeddedKafka kafka) {
        Map<String, Object> adminProps = new HashMap<>(kafka.adminClientSecurity());
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return adminProps;
    }

    /** Every event subject ({@code <prefix>.<domain>-value}) at {@code FULL_TRANSITIVE}. */
    private static Map<String, CompatibilityLevel> subjectLevels(TopicLayout layout) {
        Map<String, CompatibilityLevel> levels = new LinkedHashMap<>();
        for (Domain domain : Domain.values()) {
            levels.put(layout.valueSubject(domain), CompatibilityLevel.FULL_TRANSITIVE);
        }
        return levels;
    }

    /**
     * Removes every member of a consumer group, and answers how many there were. Meant for right
     * after {@link #start} on a data directory used before: a member recorded by the previous run
     * that did not leave its group (Kafka Streams does not, when it closes) would hold the group's
     * first rebalance until its session times out (45 s by default). Right after start none can be
     * alive: Kafka came up moments ago and only this JVM's clients know its address. An unknown or
     * empty group is left alone.
     *
     * @throws LocalPlatformException naming the group when Kafka does not answer in time
     */
    public int removeGroupMembers(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        try (Admin admin = Admin.create(adminProperties(kafka))) {
            return GroupMembers.removeAll(admin, groupId, PROVISIONING_TIMEOUT);
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registry.url();
    }

    /** The port reserved for the projections' HTTP query API. */
    public int httpPort() {
        return config.httpPort();
    }

    /** The platform's security, or empty when it is open to anyone. */
    public Optional<EmbeddedKafkaSecurity> security() {
        return config.security();
    }

    /**
     * The Kafka client settings ({@code security.*}, {@code sasl.*}, {@code ssl.*}) to log in as this
     * user, for {@code withKafkaSecurity(...)} of every client config; empty on an open platform.
     */
    public Map<String, String> kafkaSecurity(String user, String password) {
        return config.security().isPresent() ? kafka.clientSecurity(user, password) : Map.of();
    }

    /** The admin user's Kafka client settings; empty on an open platform. */
    public Map<String, String> adminKafkaSecurity() {
        return kafka.adminClientSecurity();
    }

    /** The admin's {@code user:password} for the registry's basic auth; empty on an open platform. */
    public Optional<String> registryUserInfo() {
        return config.security().map(security -> security.adminUser() + ":" + security.adminPassword());
    }

    public TopicLayout topicLayout() {
        return layout;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedSchemaRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
