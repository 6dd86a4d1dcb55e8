package io.agentevents.schemas.connection;

import io.agentevents.schemas.clients.Secrets;
import io.agentevents.schemas.registry.SchemaRegistryConfig;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where the platform is and how to log in to it, stated once: Kafka's bootstrap servers, Kafka's
 * security client settings and the schema registry's settings (URLs, timeouts, basic-auth
 * credentials). Every client configuration of the platform (producer, subscriber, dead letters,
 * projections, admin, the {@code eventbus} commands) is built from one: Kafka clients start from
 * {@link #clientProperties()}, registry clients use {@link #registry()}.
 *
 * <p>Immutable, thread-safe and validated when built (the bad field is named in the
 * {@link IllegalArgumentException}). {@link #toString()} never shows a secret: the registry
 * credentials are a {@link Secret}, and the values of secret security settings
 * ({@code sasl.jaas.config}, {@code ssl.*.password}, ...: see {@link Secrets#isSecretKey}) print as
 * {@value Secret#MASK}; so a configuration holding a connection may be logged.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code HOST:PORT[,HOST:PORT...]}
 * @param registry         the schema registry client settings
 * @param kafkaSecurity    {@code security.*}, {@code ssl.*} and {@code sasl.*} client settings, passed to
 *                         Kafka unchanged; only those, so that a configuration cannot override what its
 *                         guarantees rest on (acks, idempotence, isolation level)
 */
public record ClusterConnection(String bootstrapServers, SchemaRegistryConfig registry, Map<String, String> kafkaSecurity) {

    /** host:port, as Kafka's own bootstrap address parsing requires (a port at the end). */
    private static final Pattern BOOTSTRAP_ADDRESS = Pattern.compile("\\S+:\\d{1,5}");

    /** Validates every field, naming the bad one; copies the security settings. */
    public ClusterConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is required");
        }
        try {
            bootstrapServers = parseBootstrapServers(bootstrapServers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bootstrapServers " + e.getMessage() + ", was '" + bootstrapServers + "'", e);
        }
        Objects.requireNonNull(registry, "registry");
        kafkaSecurity = checkedSecurity(kafkaSecurity);
    }

    /**
     * A connection without security settings. Credentials in a registry URL's user info
     * ({@code http://user:password@host:8081}) become the registry's basic-auth credentials.
     *
     * @throws IllegalArgumentException naming the bad field
     */
    public static ClusterConnection of(String bootstrapServers, String schemaRegistryUrls) {
        return new ClusterConnection(bootstrapServers, SchemaRegistryConfig.of(Objects.requireNonNull(schemaRegistryUrls,
                "schemaRegistryUrls")), Map.of());
    }

    /** This connection with other bootstrap servers. */
    public ClusterConnection withBootstrapServers(String servers) {
        return new ClusterConnection(servers, registry, kafkaSecurity);
    }

    /** This connection with other registry settings. */
    public ClusterConnection withRegistry(SchemaRegistryConfig config) {
        return new ClusterConnection(bootstrapServers, config, kafkaSecurity);
    }

    /** This connection with basic-auth credentials {@code user:password} for the registry. */
    public ClusterConnection withRegistryUserInfo(String userInfo) {
        return withRegistry(registry.withBasicAuth(userInfo));
    }

    /** This connection with these Kafka security settings (replacing the current ones). */
    public ClusterConnection withKafkaSecurity(Map<String, String> security) {
        return new ClusterConnection(bootstrapServers, registry, security);
    }

    /**
     * The properties every Kafka client (producer, consumer, admin, Kafka Streams) of this
     * connection starts from: {@code bootstrap.servers} and the security settings. A new modifiable
     * map on each call, for the caller to add its client's own settings to.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>(kafkaSecurity);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /**
     * {@link #clientProperties()} for an admin client whose calls each give up after {@code apiTimeout}
     * ({@code default.api.timeout.ms}). A new modifiable map on each call.
     */
    public Map<String, Object> adminProperties(Duration apiTimeout) {
        Map<String, Object> props = clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, apiTimeout.toMillis()));
        return props;
    }

    /**
     * The registry settings under Confluent's client property names
     * ({@value SchemaRegistryConfig#URL}, and with credentials {@value SchemaRegistryConfig#BASIC_AUTH_CREDENTIALS_SOURCE}
     * and {@value SchemaRegistryConfig#BASIC_AUTH_USER_INFO}; with a trust store
     * {@value SchemaRegistryConfig#SSL_TRUSTSTORE_LOCATION} and its password and type), as a Confluent serde or a client
     * configuration file takes them; {@link SchemaRegistryConfig#fromProperties} reads them back.
     * Holds the password: never print it.
     */
    public Map<String, String> registryClientProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(SchemaRegistryConfig.URL, registryUrls());
        registry.basicAuthUserInfo().ifPresent(info -> {
            props.put(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, SchemaRegistryConfig.SOURCE_USER_INFO);
            props.put(SchemaRegistryConfig.BASIC_AUTH_USER_INFO, info.value());
        });
        registry.trustStore().ifPresent(store -> {
            props.put(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION, store.location().toString());
            props.put(SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD, store.password().value());
            props.put(SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE, store.type());
        });
        return props;
    }

    /** The registry's base URLs, comma-separated, without credentials: safe to print. */
    public String registryUrls() {
        return registry.urls().stream().map(Object::toString).collect(Collectors.joining(","));
    }

    /** The fields; the registry credentials and the secret security values print as {@value Secret#MASK}. */
    @Override
    public String toString() {
        Map<String, Object> security = new TreeMap<>();
        kafkaSecurity.forEach((name, value) -> security.put(name, Secrets.isSecretKey(name) ? Secret.of(value) : value));
        return "ClusterConnection[bootstrapServers=" + bootstrapServers + ", registry=" + registry
                + ", kafkaSecurity=" + security + "]";
    }

    /**
     * The servers (not blank), trimmed.
     *
     * @throws IllegalArgumentException saying what is wrong (not naming the field) when one is not {@code HOST:PORT}
     */
    static String parseBootstrapServers(String servers) {
        String trimmed = servers.trim();
        for (String address : trimmed.split(",", -1)) {
            if (!BOOTSTRAP_ADDRESS.matcher(address.trim()).matches()) {
                throw new IllegalArgumentException("must be HOST:PORT[,HOST:PORT...]");
            }
        }
        return trimmed;
    }

    /**
     * An unmodifiable copy of {@code settings}.
     *
     * @throws IllegalArgumentException naming the first setting that is not a security setting
     */
    /**
     * Whether a Kafka client setting is one a connection carries: {@code security.*}, {@code ssl.*},
     * {@code sasl.*}, and Kafka's config providers ({@code config.providers}, {@code config.providers.*}),
     * so that a secret can be a {@code ${file:path:key}} reference that Kafka's clients resolve.
     */
    public static boolean isSecuritySetting(String name) {
        return name.startsWith("security.") || name.startsWith("ssl.") || name.startsWith("sasl.")
                || name.equals("config.providers") || name.startsWith("config.providers.");
    }

    static Map<String, String> checkedSecurity(Map<String, String> settings) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(settings, "kafkaSecurity"));
        for (String key : copy.keySet()) {
            if (!isSecuritySetting(key)) {
                throw new IllegalArgumentException("kafkaSecurity may only hold security.*, ssl.*, sasl.* and config.providers* settings, found '"
                        + key + "'");
            }
        }
        return copy;
    }
}
