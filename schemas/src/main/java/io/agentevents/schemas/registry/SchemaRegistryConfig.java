package io.agentevents.schemas.registry;

import io.agentevents.schemas.connection.Secret;
import io.agentevents.schemas.connection.TlsStore;

import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a schema registry: its base URLs, timeouts, credentials and cache size. Immutable
 * and validated when built; the bad field is named in the {@link IllegalArgumentException}.
 *
 * <p>Built in code with {@link #of(String)} and the {@code with*} methods, or from Kafka-style
 * client properties with {@link #fromProperties(Map)}, which reads Confluent's property names
 * ({@value #URL}, {@value #BASIC_AUTH_CREDENTIALS_SOURCE}, {@value #BASIC_AUTH_USER_INFO}) so an
 * existing Confluent client configuration works unchanged.
 *
 * <p>The credentials are a {@link Secret}, so {@link #toString()} never shows them.
 *
 * @param urls              base URLs, tried in order when one cannot be reached; http or https,
 *                          with no user info, query or fragment (e.g. {@code http://127.0.0.1:8081})
 * @param connectTimeout    the longest wait to open a connection to one URL (default 5 s)
 * @param requestTimeout    the longest wait for the answer to one request from one URL (default 10 s)
 * @param basicAuthUserInfo HTTP basic credentials as {@code user:password}, if the registry needs them
 * @param cacheCapacity     how many entries each of the client's caches keeps (default 1000)
 * @param trustStore        the certificates an {@code https://} registry is trusted by; empty = the JVM's
 *                          default trust (its {@code cacerts}, or {@code javax.net.ssl.trustStore})
 */
public record SchemaRegistryConfig(List<URI> urls, Duration connectTimeout, Duration requestTimeout,
                                   Optional<Secret> basicAuthUserInfo, int cacheCapacity, Optional<TlsStore> trustStore) {

    /** Confluent's property: comma-separated registry URLs. */
    public static final String URL = "schema.registry.url";
    /** Confluent's property: where basic-auth credentials come from, {@code USER_INFO} or {@code URL} (default). */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Confluent's property: {@code user:password}, read when the source is {@code USER_INFO}. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Our property: connect timeout in milliseconds (default 5000). */
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    /** Our property: request timeout in milliseconds (default 10000). */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    /** Confluent's property: the trust store for an {@code https://} registry. */
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    /** Confluent's property: the trust store's password. */
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    /** Confluent's property: the trust store's type (default {@value TlsStore#DEFAULT_TYPE}). */
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    /** Our property: capacity of each client cache (default 1000). */
    public static final String CACHE_CAPACITY = "schema.registry.cache.capacity";

    /** Credentials source: {@value #BASIC_AUTH_USER_INFO} holds them. */
    public static final String SOURCE_USER_INFO = "USER_INFO";
    /** Credentials source: the user info of the URL ({@code http://user:password@host:8081}) holds them. */
    public static final String SOURCE_URL = "URL";

    /** Default of {@link #connectTimeout()}: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default of {@link #requestTimeout()}: 10 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default of {@link #cacheCapacity()}: 1000 entries per cache. */
    public static final int DEFAULT_CACHE_CAPACITY = 1000;

    /** Validates every field, naming the bad one; copies the URL list. */
    public SchemaRegistryConfig {
        Objects.requireNonNull(urls, "urls");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(basicAuthUserInfo, "basicAuthUserInfo");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("urls: at least one schema registry URL is needed");
        }
        for (int i = 0; i < urls.size(); i++) {
            checkUrl("urls[" + i + "]", urls.get(i));
        }
        checkPositive("connectTimeout", connectTimeout);
        checkPositive("requestTimeout", requestTimeout);
        basicAuthUserInfo.ifPresent(info -> checkUserInfo("basicAuthUserInfo", info.value()));
        if (cacheCapacity < 1) {
            throw new IllegalArgumentException("cacheCapacity: must be at least 1, got " + cacheCapacity);
        }
        Objects.requireNonNull(trustStore, "trustStore");
    }

    /** With the JVM's default trust for {@code https://} registries. */
    public SchemaRegistryConfig(List<URI> urls, Duration connectTimeout, Duration requestTimeout,
                                Optional<Secret> basicAuthUserInfo, int cacheCapacity) {
        this(urls, connectTimeout, requestTimeout, basicAuthUserInfo, cacheCapacity, Optional.empty());
    }

    /**
     * The defaults for these comma-separated URLs. Credentials in a URL's user info
     * ({@code http://user:password@host:8081}) become {@link #basicAuthUserInfo()}.
     *
     * @throws IllegalArgumentException naming the bad URL
     */
    public static SchemaRegistryConfig of(String urls) {
        Objects.requireNonNull(urls, "urls");
        Parsed parsed = parseUrls("urls", urls);
        return new SchemaRegistryConfig(parsed.urls(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                parsed.userInfo(), DEFAULT_CACHE_CAPACITY);
    }

    /**
     * The configuration held by Kafka-style client properties: {@value #URL} (required; a
     * comma-separated string or a list), {@value #BASIC_AUTH_CREDENTIALS_SOURCE} ({@code URL}, the
     * default, or {@code USER_INFO}), {@value #BASIC_AUTH_USER_INFO}, {@value #CONNECT_TIMEOUT_MS},
     * {@value #REQUEST_TIMEOUT_MS}, {@value #CACHE_CAPACITY} and the trust store
     * ({@value #SSL_TRUSTSTORE_LOCATION}, {@value #SSL_TRUSTSTORE_PASSWORD}, {@value #SSL_TRUSTSTORE_TYPE}).
     * Other properties are ignored.
     *
     * @throws IllegalArgumentException naming the missing or bad property
     */
    public static SchemaRegistryConfig fromProperties(Map<String, ?> props) {
        Objects.requireNonNull(props, "props");
        Object rawUrls = props.get(URL);
        if (rawUrls == null) {
            throw new IllegalArgumentException(URL + ": required, the schema registry URL(s)");
        }
        String urlText = rawUrls instanceof Collection<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(rawUrls);
        Parsed parsed = parseUrls(URL, urlText);

        String source = text(props, BASIC_AUTH_CREDENTIALS_SOURCE).orElse(SOURCE_URL).trim().toUpperCase(Locale.ROOT);
        Optional<Secret> userInfo;
        if (source.equals(SOURCE_URL)) {
            userInfo = parsed.userInfo();
        } else if (source.equals(SOURCE_USER_INFO)) {
            Optional<String> info = text(props, BASIC_AUTH_USER_INFO).filter(text -> !text.isEmpty());
            if (info.isEmpty()) {
                throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + ": required when "
                        + BASIC_AUTH_CREDENTIALS_SOURCE + " is " + SOURCE_USER_INFO);
            }
            checkUserInfo(BASIC_AUTH_USER_INFO, info.get());
            userInfo = info.map(Secret::of);
        } else {
            throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + ": unsupported value '" + source
                    + "', expected " + SOURCE_URL + " or " + SOURCE_USER_INFO);
        }
        return new SchemaRegistryConfig(parsed.urls(),
                Duration.ofMillis(number(props, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT.toMillis())),
                Duration.ofMillis(number(props, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT.toMillis())),
                userInfo,
                (int) Math.min(Integer.MAX_VALUE, number(props, CACHE_CAPACITY, DEFAULT_CACHE_CAPACITY)),
                trustStore(props));
    }

    /** The trust store the {@code schema.registry.ssl.truststore.*} properties name, if any. */
    private static Optional<TlsStore> trustStore(Map<String, ?> props) {
        Optional<String> location = text(props, SSL_TRUSTSTORE_LOCATION).map(String::trim).filter(text -> !text.isEmpty());
        if (location.isEmpty()) {
            return Optional.empty();
        }
        String type = text(props, SSL_TRUSTSTORE_TYPE).map(String::trim).filter(text -> !text.isEmpty())
                .orElse(TlsStore.DEFAULT_TYPE);
        return Optional.of(TlsStore.of(Path.of(location.get()), text(props, SSL_TRUSTSTORE_PASSWORD).orElse(""))
                .withType(type));
    }

    /** This configuration with another connect timeout. */
    public SchemaRegistryConfig withConnectTimeout(Duration timeout) {
        return new SchemaRegistryConfig(urls, timeout, requestTimeout, basicAuthUserInfo, cacheCapacity, trustStore);
    }

    /** This configuration with another request timeout. */
    public SchemaRegistryConfig withRequestTimeout(Duration timeout) {
        return new SchemaRegistryConfig(urls, connectTimeout, timeout, basicAuthUserInfo, cacheCapacity, trustStore);
    }

    /** This configuration with basic-auth credentials {@code user:password}. */
    public SchemaRegistryConfig withBasicAuth(String userInfo) {
        return withBasicAuth(Secret.of(Objects.requireNonNull(userInfo, "userInfo")));
    }

    /** This configuration with basic-auth credentials {@code user:password}. */
    public SchemaRegistryConfig withBasicAuth(Secret userInfo) {
        return new SchemaRegistryConfig(urls, connectTimeout, requestTimeout,
                Optional.of(Objects.requireNonNull(userInfo, "userInfo")), cacheCapacity, trustStore);
    }

    /** This configuration with another cache capacity. */
    public SchemaRegistryConfig withCacheCapacity(int capacity) {
        return new SchemaRegistryConfig(urls, connectTimeout, requestTimeout, basicAuthUserInfo, capacity, trustStore);
    }

    /** This configuration trusting the certificates of {@code store} for {@code https://} registries. */
    public SchemaRegistryConfig withTrustStore(TlsStore store) {
        return new SchemaRegistryConfig(urls, connectTimeout, requestTimeout, basicAuthUserInfo, cacheCapacity,
                Optional.of(Objects.requireNonNull(store, "store")));
    }

    private record Parsed(List<URI> urls, Optional<Secret> userInfo) {
    }

    private static Parsed parseUrls(String field, String text) {
        List<URI> urls = new ArrayList<>();
        String userInfo = null;
        for (String part : text.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(trimmed);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(field + ": not a URL: '" + redact(trimmed) + "' (" + e.getReason() + ")", e);
            }
            if (uri.getRawUserInfo() != null) {
                if (userInfo == null) {
                    userInfo = uri.getUserInfo();
                }
                try {
                    uri = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(),
                            uri.getQuery(), uri.getFragment());
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException(field + ": not a URL: '" + redact(trimmed) + "'", e);
                }
            }
            urls.add(uri);
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(field + ": no URL in '" + text + "'");
        }
        return new Parsed(urls, Optional.ofNullable(userInfo).map(Secret::of));
    }

    private static void checkUrl(String field, URI url) {
        Objects.requireNonNull(url, field);
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(field + ": must not hold credentials; use basicAuthUserInfo");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(field + ": must be an http or https URL, got '" + url + "'");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException(field + ": has no host: '" + url + "'");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException(field + ": must not have a query or fragment: '" + url + "'");
        }
    }

    private static void checkPositive(String field, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, got " + duration);
        }
    }

    private static void checkUserInfo(String field, String info) {
        int colon = info.indexOf(':');
        if (colon < 1) {
            // never echo the value: it may be a password
            throw new IllegalArgumentException(field + ": must be 'user:password' with a non-empty user");
        }
    }

    private static String redact(String url) {
        int at = url.indexOf('@');
        int scheme = url.indexOf("://");
        return at > 0 && scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "[hidden]" + url.substring(at) : url;
    }

    private static Optional<String> text(Map<String, ?> props, String name) {
        Object value = props.get(name);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(value instanceof Password password ? password.value() : String.valueOf(value));
    }

    private static long number(Map<String, ?> props, String name, long defaultValue) {
        Object value = props.get(name);
        if (value == null) {
            return defaultValue;
        }
        long result;
        if (value instanceof Number number) {
            result = number.longValue();
        } else {
            try {
                result = Long.parseLong(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": not a whole number: '" + value + "'", e);
            }
        }
        if (result < 1) {
            throw new IllegalArgumentException(name + ": must be at least 1, got " + result);
        }
        return result;
    }
}
