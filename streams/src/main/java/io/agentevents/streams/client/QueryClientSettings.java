package io.agentevents.streams.client;

import io.agentevents.schemas.connection.Secret;
import io.agentevents.schemas.connection.Setting;
import io.agentevents.schemas.connection.TlsStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client reaches and logs in to the query API, declared once: its URL, a bearer token and a
 * trust store for HTTPS, each an {@code EVENTBUS_QUERY_*} variable and, in a client properties file
 * ({@code --command-config}, the file {@code eventbus local --sasl} writes), the same name without
 * {@code eventbus.} ({@code query.token}, {@code query.ssl.truststore.location}, ...). The table in
 * {@code docs/security.md} is checked against {@link #ALL}. Immutable and thread-safe; the token is a
 * {@link Secret}, so {@link #toString()} never shows it.
 *
 * @param url        the API's base URL, if named
 * @param token      the bearer token, if any
 * @param trustStore the certificates an {@code https://} API is trusted by; empty = the JVM's default trust
 */
public record QueryClientSettings(Optional<String> url, Optional<Secret> token, Optional<TlsStore> trustStore) {
    /** The query API's base URL. */
    public static final Setting<String> URL = Setting.text("eventbus.query.url", "",
            "base URL of the projections' query API (`https://` when it serves TLS); empty = the command's default");
    /** A bearer token of the query API's tokens file. */
    public static final Setting<Secret> TOKEN = Setting.secret("eventbus.query.token", "",
            "bearer token for the query API (sent as `Authorization: Bearer ...`; wins over user info in the URL)", Secret::of);
    /** The trust store for an {@code https://} query API. */
    public static final Setting<String> TRUSTSTORE_LOCATION = Setting.text("eventbus.query.ssl.truststore.location", "",
            "trust store (file) holding the query API's certificate; empty = the JVM's default trust");
    /** That trust store's password. */
    public static final Setting<Secret> TRUSTSTORE_PASSWORD = Setting.secret("eventbus.query.ssl.truststore.password", "",
            "password of that trust store", Secret::of);
    /** That trust store's type. */
    public static final Setting<String> TRUSTSTORE_TYPE = Setting.text("eventbus.query.ssl.truststore.type", TlsStore.DEFAULT_TYPE,
            "type of that trust store (`PKCS12` or `JKS`)");
    /** Every setting, in the order of the docs table. */
    public static final List<Setting<?>> ALL = List.of(URL, TOKEN, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE);

    private static final String PREFIX = "eventbus.";

    /** Checks the fields. */
    public QueryClientSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(trustStore, "trustStore");
    }

    /**
     * The settings of a client properties file ({@code query.token}, ...), each falling back to its
     * {@code EVENTBUS_QUERY_*} variable in {@code environment}.
     *
     * @throws io.agentevents.schemas.connection.SettingException naming the property or variable that is bad
     */
    public static QueryClientSettings from(Map<String, String> clientProperties, Map<String, String> environment) {
        String url = read(URL, clientProperties, environment);
        Secret token = read(TOKEN, clientProperties, environment);
        String location = read(TRUSTSTORE_LOCATION, clientProperties, environment);
        Optional<TlsStore> trustStore = location.isEmpty() ? Optional.empty() : Optional.of(new TlsStore(Path.of(location),
                read(TRUSTSTORE_TYPE, clientProperties, environment), read(TRUSTSTORE_PASSWORD, clientProperties, environment),
                Optional.empty()));
        return new QueryClientSettings(url.isEmpty() ? Optional.empty() : Optional.of(url),
                token.value().isEmpty() ? Optional.empty() : Optional.of(token), trustStore);
    }

    /** The name of a setting in a client properties file: {@code query.token} for {@code eventbus.query.token}. */
    public static String fileName(Setting<?> setting) {
        return setting.property().substring(PREFIX.length());
    }

    /**
     * A client of the API at {@code baseUrl} with this token and trust store.
     *
     * @throws IllegalArgumentException if {@code baseUrl} is not an http or https URL, or the trust store cannot be read
     */
    public QueryClient connect(String baseUrl, Duration patience) {
        return QueryClient.connect(baseUrl, patience, token, trustStore);
    }

    private static <T> T read(Setting<T> setting, Map<String, String> file, Map<String, String> environment) {
        String name = fileName(setting);
        String value = file.get(name);
        return value != null && !value.isBlank() ? setting.parse(value, name) : setting.fromEnvironment(environment);
    }
}
