package io.agentevents.streams.app;

import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.TlsStore;
import io.agentevents.streams.http.QueryLimits;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.model.AuditRetention;
import io.agentevents.schemas.connection.Durations;


import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the projections application needs, with defaults and validation; turned into Kafka
 * Streams properties only at the edge. Immutable and thread-safe; {@link #toString()} never shows a
 * secret (see {@link ClusterConnection}).
 *
 * @param connection        Kafka bootstrap servers and security settings, the schema registry (its
 *                          credentials from {@code EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO} or the URL)
 * @param applicationId     the Streams application id (consumer group and prefix of internal topics)
 * @param topics            the domain topics read (prefix) and the partitions of the output topics
 * @param httpHost          address the query API binds to
 * @param httpPort          port of the query API (8080 by default; 0 = a free port)
 * @param advertisedHost    host other instances use to reach this one (its {@code application.server})
 * @param stateDirectory    where state stores live; empty = a temporary directory
 * @param standbyReplicas   standby copies of each store on other instances
 * @param streamThreads     stream threads of this instance
 * @param replicationFactor replication of internal and output topics (-1 = the broker's default)
 * @param commitInterval    how often transactions commit (latency of the views)
 * @param retention         bound of each audit trail
 * @param rateWindow        width of the event-rate windows
 * @param rateGrace         how late an event may be and still count in its window
 * @param deadLetters       send undecodable records to {@code projections.dlq}
 * @param instanceId        static group membership ({@code group.instance.id}, each stream thread adds
 *                          its number): a successor started with the same id takes over a killed
 *                          instance's tasks at once instead of after the session timeout; empty =
 *                          dynamic membership
 * @param sessionTimeout    how long the group waits for a silent member before moving its tasks
 *                          (Kafka's {@code session.timeout.ms}, 6 s .. 30 min; 45 s by default)
 * @param queryUsersFile    the query API's users ({@code QueryUsers}: names and salted password hashes);
 *                          present = every request must authenticate (HTTP basic); empty = open
 * @param queryTokensFile   the query API's bearer tokens ({@code QueryTokens}: names and SHA-256 digests);
 *                          present = every request must authenticate (a token, or a user of the users file)
 * @param queryKeyStore     the query API's key and certificate; present = it serves HTTPS only
 * @param queryTrustStore   with HTTPS, the certificates a request forwarded to another instance trusts;
 *                          empty = those of the key store
 * @param queryLimits       the query API's rate limit per client (default {@value #DEFAULT_QUERY_RATE_LIMIT}
 *                          requests a second per user, unauthenticated requests per address)
 */
public record ProjectionsConfig(
        ClusterConnection connection,
        String applicationId,
        TopicLayout topics,
        String httpHost,
        int httpPort,
        String advertisedHost,
        Optional<Path> stateDirectory,
        int standbyReplicas,
        int streamThreads,
        int replicationFactor,
        Duration commitInterval,
        AuditRetention retention,
        Duration rateWindow,
        Duration rateGrace,
        boolean deadLetters,
        Optional<String> instanceId,
        Duration sessionTimeout,
        Optional<Path> queryUsersFile,
        Optional<Path> queryTokensFile,
        Optional<TlsStore> queryKeyStore,
        Optional<TlsStore> queryTrustStore,
        QueryLimits queryLimits) {

    /** The query API's default rate limit, requests a second per client: a guard against runaway clients. */
    public static final int DEFAULT_QUERY_RATE_LIMIT = 5000;
    public static final String DEFAULT_APPLICATION_ID = "eventbus-projections";
    public static final int DEFAULT_HTTP_PORT = 8080;

    public ProjectionsConfig {
        Objects.requireNonNull(connection, "connection");
        required("applicationId", applicationId);
        Objects.requireNonNull(topics, "topics");
        required("httpHost", httpHost);
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("httpPort must be 0..65535, was " + httpPort);
        }
        required("advertisedHost", advertisedHost);
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas must not be negative, was " + standbyReplicas);
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be at least 1, was " + streamThreads);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new IllegalArgumentException("replicationFactor must be -1 (broker default) or at least 1, was "
                    + replicationFactor);
        }
        Durations.requirePositive("commitInterval", commitInterval);
        Objects.requireNonNull(retention, "retention");
        Durations.requirePositive("rateWindow", rateWindow);
        Objects.requireNonNull(rateGrace, "rateGrace");
        Objects.requireNonNull(instanceId, "instanceId");
        instanceId.ifPresent(id -> required("instanceId", id));
        Durations.requireSessionTimeout("sessionTimeout", sessionTimeout);
        Objects.requireNonNull(queryUsersFile, "queryUsersFile");
        Objects.requireNonNull(queryTokensFile, "queryTokensFile");
        Objects.requireNonNull(queryKeyStore, "queryKeyStore");
        Objects.requireNonNull(queryTrustStore, "queryTrustStore");
        Objects.requireNonNull(queryLimits, "queryLimits");
    }

    /**
     * Defaults: application id {@code eventbus-projections}, prefix {@code events}, API on
     * 127.0.0.1:8080, a temporary state directory, no standbys, two stream threads, broker-default
     * replication, commits every 500 ms, audit trails of 10,000 entries / 30 days, one-minute rate
     * windows with 30 s grace, no dead-letter topic, dynamic group membership with a 45 s session timeout,
     * a query API over plain HTTP open to anyone, within 5,000 requests a second per client.
     */
    public static ProjectionsConfig defaults(String bootstrapServers, String schemaRegistryUrl) {
        return defaults(ClusterConnection.of(bootstrapServers, schemaRegistryUrl));
    }

    /** The defaults (see {@link #defaults(String, String)}) for this connection. */
    public static ProjectionsConfig defaults(ClusterConnection connection) {
        return new ProjectionsConfig(connection, DEFAULT_APPLICATION_ID, TopicLayout.production(),
                "127.0.0.1", DEFAULT_HTTP_PORT, "127.0.0.1", Optional.empty(), 0, 2, -1, Duration.ofMillis(500),
                new AuditRetention(10_000, Duration.ofDays(30)), Duration.ofMinutes(1), Duration.ofSeconds(30), false,
                Optional.empty(), Durations.DEFAULT_SESSION_TIMEOUT, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), new QueryLimits(DEFAULT_QUERY_RATE_LIMIT, true));
    }

    /**
     * Reads the {@code EVENTBUS_*} variables listed in {@link ProjectionsSetting} (the table in
     * {@code docs/projections.md}); unset or blank ones take their default. Security settings come
     * from {@code EVENTBUS_KAFKA_*}, e.g. {@code EVENTBUS_KAFKA_SASL_MECHANISM} ({@code sasl.mechanism}).
     *
     * @throws io.agentevents.schemas.connection.SettingException naming the variable when a value is
     *                                                            missing or malformed
     */
    public static ProjectionsConfig fromEnvironment(Map<String, String> environment) {
        return ProjectionsEnvironment.read(environment);
    }

    /**
     * This configuration as {@code EVENTBUS_*} variables that {@link #fromEnvironment} reads back
     * equal (for starting an instance in another process). The rate window is always one minute there.
     * Holds the passwords: never print it.
     */
    public Map<String, String> toEnvironment() {
        return ProjectionsEnvironment.write(this);
    }

    public ProjectionsConfig withApplicationId(String id) {
        return copy(c -> c.applicationId = id);
    }

    public ProjectionsConfig withTopics(TopicLayout layout) {
        return copy(c -> c.topics = layout);
    }

    public ProjectionsConfig withHttpPort(int port) {
        return copy(c -> c.httpPort = port);
    }

    public ProjectionsConfig withStateDirectory(Path directory) {
        return copy(c -> c.stateDirectory = Optional.of(directory));
    }

    public ProjectionsConfig withStandbyReplicas(int standbys) {
        return copy(c -> c.standbyReplicas = standbys);
    }

    public ProjectionsConfig withStreamThreads(int threads) {
        return copy(c -> c.streamThreads = threads);
    }

    public ProjectionsConfig withReplicationFactor(int replication) {
        return copy(c -> c.replicationFactor = replication);
    }

    public ProjectionsConfig withDeadLetters(boolean enabled) {
        return copy(c -> c.deadLetters = enabled);
    }

    /** Static group membership under this {@code group.instance.id} (see {@link #instanceId()}). */
    public ProjectionsConfig withInstanceId(String id) {
        return copy(c -> c.instanceId = Optional.of(id));
    }

    /** Only the users of this file may query (see {@link #queryUsersFile()}). */
    public ProjectionsConfig withQueryUsersFile(Path file) {
        return copy(c -> c.queryUsersFile = Optional.of(file));
    }

    /** These bearer tokens may query (see {@link #queryTokensFile()}). */
    public ProjectionsConfig withQueryTokensFile(Path file) {
        return copy(c -> c.queryTokensFile = Optional.of(file));
    }

    /** The query API serves HTTPS with this key store (see {@link #queryKeyStore()}). */
    public ProjectionsConfig withQueryKeyStore(TlsStore store) {
        return copy(c -> c.queryKeyStore = Optional.of(store));
    }

    /** Forwarding between instances over HTTPS trusts this store (see {@link #queryTrustStore()}). */
    public ProjectionsConfig withQueryTrustStore(TlsStore store) {
        return copy(c -> c.queryTrustStore = Optional.of(store));
    }

    /** The query API's rate limit (see {@link #queryLimits()}). */
    public ProjectionsConfig withQueryLimits(QueryLimits limits) {
        return copy(c -> c.queryLimits = limits);
    }

    /** How long the group waits for a silent member (see {@link #sessionTimeout()}). */
    public ProjectionsConfig withSessionTimeout(Duration timeout) {
        return copy(c -> c.sessionTimeout = timeout);
    }

    /** This configuration with another connection. */
    public ProjectionsConfig withConnection(ClusterConnection newConnection) {
        return copy(c -> c.connection = newConnection);
    }

    /** {@code security.*}, {@code ssl.*} and {@code sasl.*} settings for Kafka. */
    public ProjectionsConfig withKafkaSecurity(Map<String, String> security) {
        return withConnection(connection.withKafkaSecurity(security));
    }

    /** Basic-auth credentials {@code user:password} for the schema registry. */
    public ProjectionsConfig withRegistryUserInfo(String userInfo) {
        return withConnection(connection.withRegistryUserInfo(userInfo));
    }

    /** The replication factor for a {@code NewTopic} of the projections: empty for the broker's default (-1). */
    Optional<Short> topicReplication() {
        return replicationFactor < 0 ? Optional.empty() : Optional.of((short) replicationFactor);
    }

    /** Admin client properties: the connection's, and a bound on each call. */
    public Map<String, Object> adminProperties(Duration apiTimeout) {
        return connection.adminProperties(apiTimeout);
    }

    /** This configuration with the changes {@code change} makes to a copy of its fields (checked again). */
    private ProjectionsConfig copy(Consumer<Fields> change) {
        Fields fields = new Fields(this);
        change.accept(fields);
        return fields.build();
    }

    /** The components of a configuration, mutable, for the withers: one place that lists them all. */
    private static final class Fields {
        ClusterConnection connection;
        String applicationId;
        TopicLayout topics;
        String httpHost;
        int httpPort;
        String advertisedHost;
        Optional<Path> stateDirectory;
        int standbyReplicas;
        int streamThreads;
        int replicationFactor;
        Duration commitInterval;
        AuditRetention retention;
        Duration rateWindow;
        Duration rateGrace;
        boolean deadLetters;
        Optional<String> instanceId;
        Duration sessionTimeout;
        Optional<Path> queryUsersFile;
        Optional<Path> queryTokensFile;
        Optional<TlsStore> queryKeyStore;
        Optional<TlsStore> queryTrustStore;
        QueryLimits queryLimits;

        Fields(ProjectionsConfig config) {
            connection = config.connection;
            applicationId = config.applicationId;
            topics = config.topics;
            httpHost = config.httpHost;
            httpPort = config.httpPort;
            advertisedHost = config.advertisedHost;
            stateDirectory = config.stateDirectory;
            standbyReplicas = config.standbyReplicas;
            streamThreads = config.streamThreads;
            replicationFactor = config.replicationFactor;
            commitInterval = config.commitInterval;
            retention = config.retention;
            rateWindow = config.rateWindow;
            rateGrace = config.rateGrace;
            deadLetters = config.deadLetters;
            instanceId = config.instanceId;
            sessionTimeout = config.sessionTimeout;
            queryUsersFile = config.queryUsersFile;
            queryTokensFile = config.queryTokensFile;
            queryKeyStore = config.queryKeyStore;
            queryTrustStore = config.queryTrustStore;
            queryLimits = config.queryLimits;
        }

        ProjectionsConfig build() {
            return new ProjectionsConfig(connection, applicationId, topics, httpHost, httpPort, advertisedHost,
                    stateDirectory, standbyReplicas, streamThreads, replicationFactor, commitInterval, retention,
                    rateWindow, rateGrace, deadLetters, instanceId, sessionTimeout, queryUsersFile, queryTokensFile,
                    queryKeyStore, queryTrustStore, queryLimits);
        }
    }

    private static void required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
