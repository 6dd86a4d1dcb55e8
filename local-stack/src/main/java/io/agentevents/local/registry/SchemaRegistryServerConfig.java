package io.agentevents.local.registry;

import io.agentevents.schemas.clients.Secrets;
import io.agentevents.schemas.connection.TlsStore;
import io.agentevents.schemas.registry.CompatibilityLevel;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How to run an {@link EmbeddedSchemaRegistry}: where its Kafka is, where it listens and which
 * topic keeps its state. Immutable and thread-safe; the withers return a changed copy, and the
 * canonical constructor refuses bad values naming the field. {@link #toString()} masks passwords
 * and secret client settings.
 *
 * @param bootstrapServers      the Kafka {@code bootstrap.servers} holding the registry's topic
 * @param host                  the address the HTTP server binds to, and only that one (default {@value #DEFAULT_HOST})
 * @param port                  the HTTP port, 0 meaning "a free port" (the default; Confluent's usual port is
 *                              {@value #CONFLUENT_DEFAULT_PORT})
 * @param topic                 the compacted topic keeping schemas and configuration (default {@value #DEFAULT_TOPIC});
 *                              instances on the same Kafka and topic share one registry
 * @param defaultCompatibility  the global compatibility level until one is set through {@code PUT /config}
 *                              (default {@link CompatibilityLevel#BACKWARD}, like Confluent)
 * @param kafkaTimeout          the bound on start-up and on any request that waits on Kafka (default 10 s)
 * @param kafkaClientOverrides  extra properties for the registry's Kafka clients (admin, consumer, producer),
 *                              e.g. security settings; they cannot change the settings the registry's
 *                              guarantees rest on (transactional id, isolation level, serializers, timeouts)
 * @param basicAuthUsers        HTTP basic-auth users, name to password; empty = no authentication (the
 *                              default). When set, every request needs one of them, else HTTP 401; every
 *                              user may do everything (there are no roles)
 * @param kafkaLogins           also accept the cluster's users (default off): a request whose credentials are
 *                              not one of {@code basicAuthUsers} is let through when Kafka accepts that login,
 *                              checked by logging in to Kafka as that user with the protocol, SASL mechanism and
 *                              trust settings of {@code kafkaClientOverrides} (which must then name
 *                              {@code security.protocol} {@code SASL_PLAINTEXT} or {@code SASL_SSL} and
 *                              {@code sasl.mechanism} {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512} or {@code PLAIN}).
 *                              Outcomes are cached: a password changed or a user removed in Kafka still opens
 *                              the registry for up to 30 s, a refused login is not asked again for 3 s; when
 *                              Kafka does not answer within 5 s the request fails with HTTP 500, error code
 *                              50002 (retriable), and nothing is cached. With it on, every request must
 *                              authenticate, even with no {@code basicAuthUsers}
 * @param keyStore              the key and certificate to serve HTTPS with; empty = plain HTTP (the default).
 *                              With one the registry speaks only HTTPS on its port (a plain HTTP request gets
 *                              its connection closed) and its {@link EmbeddedSchemaRegistry#url()} is
 *                              {@code https://}; clients trust its certificate through a trust store
 */
public record SchemaRegistryServerConfig(
        String bootstrapServers,
        String host,
        int port,
        String topic,
        CompatibilityLevel defaultCompatibility,
        Duration kafkaTimeout,
        Map<String, String> kafkaClientOverrides,
        Map<String, String> basicAuthUsers,
        boolean kafkaLogins,
        Optional<TlsStore> keyStore) {

    /** The address the server binds to unless told otherwise: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Confluent's topic name, kept so the topic reads like Confluent's. */
    public static final String DEFAULT_TOPIC = "_schemas";
    /** The port Confluent Schema Registry uses by default; {@link #of} picks a free port instead. */
    public static final int CONFLUENT_DEFAULT_PORT = 8081;
    /** The default bound on anything that waits on Kafka. */
    public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(10);
    /** The longest {@link #kafkaTimeout} accepted (Kafka's default maximum transaction timeout). */
    public static final Duration MAX_KAFKA_TIMEOUT = Duration.ofMinutes(15);

    /** The SASL mechanisms {@link #kafkaLogins} can log in with, each to its client login module. */
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public SchemaRegistryServerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(topic, "topic");
        if (!LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("topic must be a legal Kafka topic name "
                    + "(1..249 of [a-zA-Z0-9._-], not '.' or '..'), was '" + topic + "'");
        }
        Objects.requireNonNull(defaultCompatibility, "defaultCompatibility");
        Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
        if (kafkaTimeout.isNegative() || kafkaTimeout.isZero() || kafkaTimeout.compareTo(MAX_KAFKA_TIMEOUT) > 0) {
            throw new IllegalArgumentException("kafkaTimeout must be positive and at most "
                    + MAX_KAFKA_TIMEOUT + ", was " + kafkaTimeout);
        }
        Objects.requireNonNull(kafkaClientOverrides, "kafkaClientOverrides");
        kafkaClientOverrides.forEach((key, value) -> {
            Objects.requireNonNull(key, "kafkaClientOverrides key");
            Objects.requireNonNull(value, () -> "kafkaClientOverrides value of " + key);
        });
        kafkaClientOverrides = Map.copyOf(kafkaClientOverrides);
        Objects.requireNonNull(basicAuthUsers, "basicAuthUsers");
        basicAuthUsers.forEach((user, password) -> {
            if (user == null || user.isEmpty() || user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("basicAuthUsers: a user name must be non-empty and hold no ':', was '"
                        + user + "'");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("basicAuthUsers: the password of '" + user + "' must not be empty");
            }
        });
        basicAuthUsers = Map.copyOf(basicAuthUsers);
        Objects.requireNonNull(keyStore, "keyStore");
        if (kafkaLogins) {
            String protocol = kafkaClientOverrides.getOrDefault("security.protocol", "PLAINTEXT");
            if (!protocol.equals("SASL_PLAINTEXT") && !protocol.equals("SASL_SSL")) {
                throw new IllegalArgumentException("kafkaLogins needs kafkaClientOverrides with security.protocol "
                        + "SASL_PLAINTEXT or SASL_SSL, was " + protocol);
            }
            String mechanism = kafkaClientOverrides.get("sasl.mechanism");
            if (!LOGIN_MODULES.containsKey(mechanism)) {
                throw new IllegalArgumentException("kafkaLogins needs kafkaClientOverrides with sasl.mechanism one of "
                        + new TreeSet<>(LOGIN_MODULES.keySet()) + ", was " + mechanism);
            }
        }
    }

    /** Without Kafka logins: only the configured users, as before they could be the cluster's. */
    public SchemaRegistryServerConfig(String bootstrapServers, String host, int port, String topic,
                                      CompatibilityLevel defaultCompatibility, Duration kafkaTimeout,
                                      Map<String, String> kafkaClientOverrides, Map<String, String> basicAuthUsers) {
        this(bootstrapServers, host, port, topic, defaultCompatibility, kafkaTimeout, kafkaClientOverrides,
                basicAuthUsers, false, Optional.empty());
    }

    /** Plain HTTP: as before the registry could serve HTTPS. */
    public SchemaRegistryServerConfig(String bootstrapServers, String host, int port, String topic,
                                      CompatibilityLevel defaultCompatibility, Duration kafkaTimeout,
                                      Map<String, String> kafkaClientOverrides, Map<String, String> basicAuthUsers,
                                      boolean kafkaLogins) {
        this(bootstrapServers, host, port, topic, defaultCompatibility, kafkaTimeout, kafkaClientOverrides,
                basicAuthUsers, kafkaLogins, Optional.empty());
    }

    /** Without basic auth: as before users were configurable. */
    public SchemaRegistryServerConfig(String bootstrapServers, String host, int port, String topic,
                                      CompatibilityLevel defaultCompatibility, Duration kafkaTimeout,
                                      Map<String, String> kafkaClientOverrides) {
        this(bootstrapServers, host, port, topic, defaultCompatibility, kafkaTimeout, kafkaClientOverrides, Map.of(),
                false, Optional.empty());
    }

    /**
     * A registry for the given Kafka: {@value #DEFAULT_HOST}, a free port, topic {@value #DEFAULT_TOPIC},
     * {@code BACKWARD} compatibility, a 10-second Kafka timeout and no client overrides.
     */
    public static SchemaRegistryServerConfig of(String bootstrapServers) {
        return new SchemaRegistryServerConfig(bootstrapServers, DEFAULT_HOST, 0, DEFAULT_TOPIC,
                CompatibilityLevel.BACKWARD, DEFAULT_KAFKA_TIMEOUT, Map.of(), Map.of(), false, Optional.empty());
    }

    public SchemaRegistryServerConfig withBootstrapServers(String servers) {
        return new SchemaRegistryServerConfig(servers, host, port, topic, defaultCompatibility, kafkaTimeout,
                kafkaClientOverrides, basicAuthUsers, kafkaLogins, keyStore);
    }

    public SchemaRegistryServerConfig withHost(String newHost) {
        return new SchemaRegistryServerConfig(bootstrapServers, newHost, port, topic, defaultCompatibility,
                kafkaTimeout, kafkaClientOverrides, basicAuthUsers, kafkaLogins, keyStore);
    }

    /** Listens on the given port; 0 picks a free one. */
    public SchemaRegistryServerConfig withPort(int newPort) {
        return new SchemaRegistryServerConfig(bootstrapServers, host, newPort, topic, defaultCompatibility,
                kafkaTimeout, kafkaClientOverrides, basicAuthUsers, kafkaLogins, keyStore);
    }

    public SchemaRegistryServerConfig withTopic(String newTopic) {
        return new SchemaRegistryServerConfig(bootstrapServers, host, port, newTopic, defaultCompatibility,
                kafkaTimeout, kafkaClientOverrides, basicAuthUsers, kafkaLogins, keyStore);
    }

    public SchemaRegistryServerConfig withDefaultCompatibility(CompatibilityLevel level) {
        return new SchemaRegistryServerConfig(bootstrapServers, host, port, topic, level, kafkaTimeout,
                kafkaClientOverrides, basicAuthUsers, kafkaLogins, keyStore);
    }

    public SchemaRegistryServerConfig withKafkaTimeout(Duration timeout) {
        return new SchemaRegistryServerConfig(bootstrapServers, host, port, topic, defaultCompatibility, timeout,
                kafkaClientOverrides, basicAuthUsers, kafkaLogins, keyStore);
    }

    public SchemaRegistryServerConfig withKafkaClientOverrides(Map<String, String> overrides) {
        return new SchemaRegistryServerConfig(bootstrapServers, host, port, topic, defaultCompatibility,
                kafkaTimeout, overrides, basicAuthUsers, kafkaLogins, keyStore);
    }

    /** Requires HTTP basic auth with one of these users (name to password); empty turns it off. */
    public SchemaRegistryServerConfig withBasicAuthUsers(Map<String, String> users) {
        return new SchemaRegistryServerConfig(bootstrapServers, host, port, topic, defaultCompatibility,
                kafkaTimeout, kafkaClientOverrides, users, kafkaLogins, keyStore);
    }

    /**
     * Also accepts the cluster's users, checked by logging in to Kafka (see {@link #kafkaLogins});
     * needs SASL settings in {@link #kafkaClientOverrides} with a SCRAM or PLAIN mechanism.
     */
    public SchemaRegistryServerConfig withKafkaLogins(boolean enabled) {
        return new SchemaRegistryServerConfig(bootstrapServers, host, port, topic, defaultCompatibility,
                kafkaTimeout, kafkaClientOverrides, basicAuthUsers, enabled, keyStore);
    }

    /** Serves HTTPS with the key and certificate of {@code store} (see {@link #keyStore}). */
    public SchemaRegistryServerConfig withKeyStore(TlsStore store) {
        return new SchemaRegistryServerConfig(bootstrapServers, host, port, topic, defaultCompatibility,
                kafkaTimeout, kafkaClientOverrides, basicAuthUsers, kafkaLogins, Optional.of(Objects.requireNonNull(store, "store")));
    }

    /** Whether requests must carry basic-auth credentials. */
    public boolean requiresAuthentication() {
        return !basicAuthUsers.isEmpty() || kafkaLogins;
    }

    /** The client login module of a SASL mechanism {@link #kafkaLogins} accepts. */
    static String loginModule(String mechanism) {
        String module = LOGIN_MODULES.get(mechanism);
        if (module == null) {
            throw new IllegalArgumentException("no client login module for sasl.mechanism " + mechanism);
        }
        return module;
    }

    /** The fields, with passwords and secret client settings masked. */
    @Override
    public String toString() {
        return "SchemaRegistryServerConfig[bootstrapServers=" + bootstrapServers + ", host=" + host + ", port=" + port
                + ", topic=" + topic + ", defaultCompatibility=" + defaultCompatibility + ", kafkaTimeout=" + kafkaTimeout
                + ", kafkaClientOverrides=" + Secrets.masked(kafkaClientOverrides)
                + ", basicAuthUsers=" + Secrets.maskedPasswords(basicAuthUsers) + ", kafkaLogins=" + kafkaLogins + ", keyStore=" + keyStore + "]";
    }
}
