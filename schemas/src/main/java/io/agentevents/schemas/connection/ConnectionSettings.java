package io.agentevents.schemas.connection;

import io.agentevents.schemas.registry.SchemaRegistryConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings of a {@link ClusterConnection}, declared once and listed by every configuration
 * read from {@code eventbus.*} properties or {@code EVENTBUS_*} variables (the producer's, the
 * projections'), so their names, defaults, docs and error messages are the same everywhere.
 * Stateless; thread-safe.
 */
public final class ConnectionSettings {
    /** Kafka bootstrap servers. */
    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.of("eventbus.bootstrap.servers", null,
            "Kafka bootstrap servers (required)", ClusterConnection::parseBootstrapServers);
    /** Schema registry base URL(s); user info in a URL is the registry's credentials. */
    public static final Setting<SchemaRegistryConfig> SCHEMA_REGISTRY_URL = Setting.secret("eventbus.schema.registry.url",
            null, "schema registry base URL(s), comma-separated (required)", SchemaRegistryConfig::of);
    /** {@code user:password} for the registry; wins over user info in the URL. */
    public static final Setting<Optional<Secret>> SCHEMA_REGISTRY_USER_INFO = Setting.secret(
            "eventbus.schema.registry.basic.auth.user.info", "", "`user:password` for the registry's HTTP basic auth",
            ConnectionSettings::userInfo);
    /** The trust store for an {@code https://} registry; empty = the JVM's default trust. */
    public static final Setting<String> SCHEMA_REGISTRY_TRUSTSTORE_LOCATION = Setting.text(
            "eventbus.schema.registry.ssl.truststore.location", "",
            "trust store (file) holding the certificate of an `https://` registry; empty = the JVM's default trust "
                    + "(Confluent's `schema.registry.ssl.truststore.location`)");
    /** The registry trust store's password. */
    public static final Setting<Secret> SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD = Setting.secret(
            "eventbus.schema.registry.ssl.truststore.password", "", "password of the registry's trust store", Secret::of);
    /** The registry trust store's type. */
    public static final Setting<String> SCHEMA_REGISTRY_TRUSTSTORE_TYPE = Setting.text(
            "eventbus.schema.registry.ssl.truststore.type", TlsStore.DEFAULT_TYPE, "type of the registry's trust store (`PKCS12` or `JKS`)");
    /** The family of Kafka security settings: {@code eventbus.kafka.sasl.mechanism} is {@code sasl.mechanism}. */
    public static final Setting<String> KAFKA_SECURITY = Setting.text("eventbus.kafka.*", "",
            "`security.*`, `ssl.*` and `sasl.*` client settings, passed to Kafka unchanged, e.g. "
                    + "`eventbus.kafka.security.protocol=SASL_SSL` (`EVENTBUS_KAFKA_SECURITY_PROTOCOL=SASL_SSL`)");

    /** Every connection setting, in the order of the docs tables. */
    public static final List<Setting<?>> ALL = List.of(BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_USER_INFO,
            SCHEMA_REGISTRY_TRUSTSTORE_LOCATION, SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD, SCHEMA_REGISTRY_TRUSTSTORE_TYPE,
            KAFKA_SECURITY);

    /** The registry trust store settings with the names Confluent's clients give them in a client properties file. */
    private static final Map<Setting<?>, String> TRUST_STORE_NAMES = Map.of(
            SCHEMA_REGISTRY_TRUSTSTORE_LOCATION, SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION,
            SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD, SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD,
            SCHEMA_REGISTRY_TRUSTSTORE_TYPE, SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE);

    private static final String PROPERTY_PREFIX = "eventbus.kafka.";
    private static final String VARIABLE_PREFIX = "EVENTBUS_KAFKA_";

    private ConnectionSettings() {
    }

    /**
     * The connection held by {@code eventbus.*} properties; other names are ignored.
     *
     * @throws SettingException naming the property that is missing or bad
     */
    public static ClusterConnection fromProperties(Map<String, String> properties) {
        Map<String, String> security = new HashMap<>();
        properties.forEach((name, value) -> {
            if (name.startsWith(PROPERTY_PREFIX)) {
                security.put(name.substring(PROPERTY_PREFIX.length()), value);
            }
        });
        return connection(BOOTSTRAP_SERVERS.fromProperties(properties), SCHEMA_REGISTRY_URL.fromProperties(properties),
                SCHEMA_REGISTRY_USER_INFO.fromProperties(properties), security, KAFKA_SECURITY.property(),
                trustStore(SCHEMA_REGISTRY_TRUSTSTORE_LOCATION.fromProperties(properties),
                        SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD.fromProperties(properties),
                        SCHEMA_REGISTRY_TRUSTSTORE_TYPE.fromProperties(properties)));
    }

    /**
     * The connection held by a client properties file in Kafka's and Confluent's own names, as
     * Kafka's tools take with {@code --command-config} and as {@code eventbus local --sasl} writes
     * its {@code admin-client.properties}: {@code bootstrap.servers}, {@code schema.registry.url},
     * {@code basic.auth.user.info} and Kafka's {@code security.*}, {@code ssl.*} and {@code sasl.*}
     * settings. Other client settings ({@code client.id}, timeouts, ...) are ignored: each client of
     * the platform sets its own.
     *
     * @throws SettingException naming the property that is missing or bad
     */
    public static ClusterConnection fromClientProperties(Map<String, String> properties) {
        Map<String, String> security = new HashMap<>();
        properties.forEach((name, value) -> {
            if (ClusterConnection.isSecuritySetting(name)) {
                security.put(name, value);
            }
        });
        String source = properties.getOrDefault("basic.auth.credentials.source", "USER_INFO").trim();
        if (!source.equals("USER_INFO") && !source.equals("URL")) {
            throw SCHEMA_REGISTRY_USER_INFO.failure("basic.auth.credentials.source", "must be USER_INFO or URL", source, null);
        }
        return connection(BOOTSTRAP_SERVERS.parse(properties.get("bootstrap.servers"), "bootstrap.servers"),
                SCHEMA_REGISTRY_URL.parse(properties.get("schema.registry.url"), "schema.registry.url"),
                SCHEMA_REGISTRY_USER_INFO.parse(source.equals("USER_INFO") ? properties.get("basic.auth.user.info") : null,
                        "basic.auth.user.info"),
                security, "security.*, ssl.*, sasl.*, config.providers*",
                trustStore(SCHEMA_REGISTRY_TRUSTSTORE_LOCATION.parse(properties.get(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION),
                                SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION),
                        SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD.parse(properties.get(SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD),
                                SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD),
                        SCHEMA_REGISTRY_TRUSTSTORE_TYPE.parse(properties.get(SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE),
                                SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE)));
    }

    /**
     * {@link #fromClientProperties} of a properties file.
     *
     * @throws SettingException naming the property that is missing or bad
     * @throws java.io.UncheckedIOException naming the file when it cannot be read
     */
    public static ClusterConnection loadClientProperties(Path file) {
        return fromClientProperties(readClientProperties(file));
    }

    /**
     * The settings of a client properties file, as {@link #fromClientProperties} takes them, values trimmed.
     *
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static Map<String, String> readClientProperties(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the client settings " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name).trim()));
        return map;
    }

    /**
     * The {@code EVENTBUS_*} connection variables that are set, in the names {@link #fromClientProperties}
     * takes ({@code EVENTBUS_BOOTSTRAP_SERVERS} as {@code bootstrap.servers},
     * {@code EVENTBUS_KAFKA_SASL_MECHANISM} as {@code sasl.mechanism}, ...); blank ones are left out.
     */
    public static Map<String, String> clientPropertiesFromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>(securityFromEnvironment(environment));
        putIfSet(environment, BOOTSTRAP_SERVERS, settings, "bootstrap.servers");
        putIfSet(environment, SCHEMA_REGISTRY_URL, settings, "schema.registry.url");
        putIfSet(environment, SCHEMA_REGISTRY_USER_INFO, settings, "basic.auth.user.info");
        TRUST_STORE_NAMES.forEach((setting, name) -> putIfSet(environment, setting, settings, name));
        return settings;
    }

    private static void putIfSet(Map<String, String> environment, Setting<?> setting, Map<String, String> settings,
                                 String name) {
        String value = environment.get(setting.environmentVariable());
        if (value != null && !value.isBlank()) {
            settings.put(name, value);
        }
    }

    /** The {@code EVENTBUS_KAFKA_*} variables as Kafka's settings: {@code EVENTBUS_KAFKA_SASL_MECHANISM} is {@code sasl.mechanism}. */
    private static Map<String, String> securityFromEnvironment(Map<String, String> environment) {
        Map<String, String> security = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(VARIABLE_PREFIX)) {
                security.put(name.substring(VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return security;
    }

    /**
     * The connection held by {@code EVENTBUS_*} variables; security settings as
     * {@code EVENTBUS_KAFKA_SASL_MECHANISM} ({@code sasl.mechanism}). Other variables are ignored.
     *
     * @throws SettingException naming the variable that is missing or bad
     */
    public static ClusterConnection fromEnvironment(Map<String, String> environment) {
        Map<String, String> security = securityFromEnvironment(environment);
        return connection(BOOTSTRAP_SERVERS.fromEnvironment(environment), SCHEMA_REGISTRY_URL.fromEnvironment(environment),
                SCHEMA_REGISTRY_USER_INFO.fromEnvironment(environment), security, KAFKA_SECURITY.environmentVariable(),
                trustStore(SCHEMA_REGISTRY_TRUSTSTORE_LOCATION.fromEnvironment(environment),
                        SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD.fromEnvironment(environment),
                        SCHEMA_REGISTRY_TRUSTSTORE_TYPE.fromEnvironment(environment)));
    }

    /**
     * The connection as {@code EVENTBUS_*} variables that {@link #fromEnvironment} reads back equal
     * (registry timeouts and cache size aside), for starting a client in another process. Holds the
     * passwords: never print it.
     */
    public static Map<String, String> toEnvironment(ClusterConnection connection) {
        Objects.requireNonNull(connection, "connection");
        Map<String, String> env = new LinkedHashMap<>();
        env.put(BOOTSTRAP_SERVERS.environmentVariable(), connection.bootstrapServers());
        env.put(SCHEMA_REGISTRY_URL.environmentVariable(), connection.registryUrls());
        connection.registry().basicAuthUserInfo()
                .ifPresent(info -> env.put(SCHEMA_REGISTRY_USER_INFO.environmentVariable(), info.value()));
        connection.registry().trustStore().ifPresent(store -> {
            env.put(SCHEMA_REGISTRY_TRUSTSTORE_LOCATION.environmentVariable(), store.location().toString());
            env.put(SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD.environmentVariable(), store.password().value());
            env.put(SCHEMA_REGISTRY_TRUSTSTORE_TYPE.environmentVariable(), store.type());
        });
        connection.kafkaSecurity().forEach((name, value) -> env.put(
                VARIABLE_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        return env;
    }

    private static Optional<TlsStore> trustStore(String location, Secret password, String type) {
        return location.isEmpty() ? Optional.empty()
                : Optional.of(new TlsStore(Path.of(location), type, password, Optional.empty()));
    }

    private static ClusterConnection connection(String bootstrap, SchemaRegistryConfig registry, Optional<Secret> userInfo,
                                                Map<String, String> security, String securityName,
                                                Optional<TlsStore> trustStore) {
        Map<String, String> checked;
        try {
            checked = ClusterConnection.checkedSecurity(security);
        } catch (IllegalArgumentException e) {
            throw KAFKA_SECURITY.failure(securityName, e.getMessage(), "", e);
        }
        SchemaRegistryConfig withCredentials = userInfo.map(registry::withBasicAuth).orElse(registry);
        return new ClusterConnection(bootstrap, trustStore.map(withCredentials::withTrustStore).orElse(withCredentials), checked);
    }

    private static Optional<Secret> userInfo(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 1) {
            throw new IllegalArgumentException("must be 'user:password' with a non-empty user");
        }
        return Optional.of(Secret.of(text));
    }
}
