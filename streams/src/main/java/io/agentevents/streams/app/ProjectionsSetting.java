package io.agentevents.streams.app;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.connection.DeclaredSetting;
import io.agentevents.schemas.connection.Secret;
import io.agentevents.schemas.connection.Setting;
import io.agentevents.schemas.connection.TlsStore;

import java.time.Duration;

/**
 * Every setting of {@link ProjectionsConfig} as it is named in the environment ({@code EVENTBUS_*}),
 * with its default: each one a {@link Setting} declared once (the connection's in
 * {@link ConnectionSettings}, shared with the other configurations). The table in
 * {@code docs/projections.md} is checked against this list by a test.
 */
public enum ProjectionsSetting implements DeclaredSetting {
    BOOTSTRAP_SERVERS(ConnectionSettings.BOOTSTRAP_SERVERS),
    SCHEMA_REGISTRY_URL(ConnectionSettings.SCHEMA_REGISTRY_URL),
    SCHEMA_REGISTRY_USER_INFO(ConnectionSettings.SCHEMA_REGISTRY_USER_INFO),
    SCHEMA_REGISTRY_TRUSTSTORE_LOCATION(ConnectionSettings.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION),
    SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD(ConnectionSettings.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD),
    SCHEMA_REGISTRY_TRUSTSTORE_TYPE(ConnectionSettings.SCHEMA_REGISTRY_TRUSTSTORE_TYPE),
    TOPIC_PREFIX(Setting.of("eventbus.topic.prefix", Domain.DEFAULT_TOPIC_PREFIX,
            "the domain topics read are `<prefix>.<domain>`", ProjectionsSetting::topicPrefix)),
    TOPIC_PARTITIONS(Setting.integer("eventbus.topic.partitions", "6", "partitions of the `projections.*` topics created on start",
            1, Integer.MAX_VALUE)),
    APPLICATION_ID(Setting.text("eventbus.projections.application.id", ProjectionsConfig.DEFAULT_APPLICATION_ID,
            "Kafka Streams `application.id`: the consumer group and the prefix of internal topics")),
    HTTP_HOST(Setting.text("eventbus.projections.http.host", "127.0.0.1", "address the query API binds to (`0.0.0.0` in a container)")),
    HTTP_PORT(Setting.integer("eventbus.projections.http.port", Integer.toString(ProjectionsConfig.DEFAULT_HTTP_PORT),
            "port of the query API", 0, 65_535)),
    ADVERTISED_HOST(Setting.text("eventbus.projections.advertised.host", "127.0.0.1",
            "host name other instances reach this one at (its `application.server`)")),
    STATE_DIR(Setting.text("eventbus.projections.state.dir", "", "directory of the state stores; empty = a temporary directory deleted on close")),
    STANDBY_REPLICAS(Setting.integer("eventbus.projections.standby.replicas", "0", "standby copies of each store kept on other instances",
            0, Integer.MAX_VALUE)),
    STREAM_THREADS(Setting.integer("eventbus.projections.stream.threads", "2", "stream threads of this instance", 1, Integer.MAX_VALUE)),
    REPLICATION_FACTOR(Setting.of("eventbus.projections.replication.factor", "-1",
            "replication of internal and output topics; -1 = the broker's default", ProjectionsSetting::replicationFactor)),
    COMMIT_INTERVAL_MS(Setting.longInteger("eventbus.projections.commit.interval.ms", "500", "how often transactions commit: the views' latency (an event shows in them within about one to two intervals)",
            1, Long.MAX_VALUE)),
    AUDIT_MAX_ENTRIES(Setting.integer("eventbus.projections.audit.max.entries", "10000", "most entries kept per audit trail (per correlation id, per plan)",
            1, Integer.MAX_VALUE)),
    AUDIT_MAX_AGE_MS(Setting.longInteger("eventbus.projections.audit.max.age.ms", Long.toString(Duration.ofDays(30).toMillis()),
            "oldest entry kept in an audit trail, relative to its newest", 1, Long.MAX_VALUE)),
    RATE_GRACE_MS(Setting.longInteger("eventbus.projections.rate.grace.ms", "30000", "how late an event may be and still count in its one-minute window",
            0, Long.MAX_VALUE)),
    DEAD_LETTERS(Setting.bool("eventbus.projections.dead.letters", "false", "send undecodable records to `projections.dlq` (they are always counted and logged)")),
    INSTANCE_ID(Setting.text("eventbus.projections.instance.id", "", "static group membership (`group.instance.id`): a successor "
            + "started with the same id and address within the session timeout takes over a killed or stopped instance's tasks "
            + "without a rebalance; empty = dynamic membership")),
    SESSION_TIMEOUT_MS(Setting.longInteger("eventbus.projections.session.timeout.ms", "45000",
            "how long the group waits for a silent member before moving its tasks", 6_000, 1_800_000)),
    QUERY_USERS_FILE(Setting.text("eventbus.projections.query.users.file", "", "the query API's users (lines "
            + "`name:pbkdf2-sha256:ITERATIONS:SALT:HASH`); set = every request must authenticate, with HTTP basic auth as one of "
            + "them or (with a tokens file) a token; empty, with no tokens file either = open")),
    QUERY_TOKENS_FILE(Setting.text("eventbus.projections.query.tokens.file", "", "the query API's bearer tokens (lines "
            + "`name:sha256:HASH`); set = every request must authenticate, with a token or (with a users file) as a user; empty = no tokens")),
    QUERY_KEYSTORE_LOCATION(Setting.text("eventbus.projections.query.ssl.keystore.location", "",
            "key store (file) with the query API's key and certificate; set = the API serves HTTPS only; empty = plain HTTP")),
    QUERY_KEYSTORE_PASSWORD(Setting.secret("eventbus.projections.query.ssl.keystore.password", "",
            "password of the query API's key store", Secret::of)),
    QUERY_KEYSTORE_TYPE(Setting.text("eventbus.projections.query.ssl.keystore.type", TlsStore.DEFAULT_TYPE,
            "type of the query API's key store (`PKCS12` or `JKS`)")),
    QUERY_KEY_PASSWORD(Setting.secret("eventbus.projections.query.ssl.key.password", "",
            "password of the key in the key store; empty = the store's password", Secret::of)),
    QUERY_TRUSTSTORE_LOCATION(Setting.text("eventbus.projections.query.ssl.truststore.location", "",
            "with HTTPS: trust store with the other instances' certificates, for forwarding a request to a key's owner; "
                    + "empty = the key store (instances sharing one certificate)")),
    QUERY_TRUSTSTORE_PASSWORD(Setting.secret("eventbus.projections.query.ssl.truststore.password", "",
            "password of that trust store", Secret::of)),
    QUERY_TRUSTSTORE_TYPE(Setting.text("eventbus.projections.query.ssl.truststore.type", TlsStore.DEFAULT_TYPE,
            "type of that trust store")),
    QUERY_RATE_LIMIT(Setting.integer("eventbus.projections.query.rate.limit",
            Integer.toString(ProjectionsConfig.DEFAULT_QUERY_RATE_LIMIT), "requests a second each client may send to the "
                    + "query API (a burst of one second's worth), else 429 with `Retry-After`; 0 = no limit", 0, Integer.MAX_VALUE)),
    QUERY_RATE_LIMIT_PER(Setting.of("eventbus.projections.query.rate.limit.per", "user", "`user`: count per "
            + "authenticated user or token (unauthenticated requests per address); `address`: per client address",
            ProjectionsSetting::ratePer)),
    KAFKA_SECURITY(ConnectionSettings.KAFKA_SECURITY);

    private final Setting<?> setting;

    ProjectionsSetting(Setting<?> setting) {
        this.setting = setting;
    }

    @Override
    public Setting<?> setting() {
        return setting;
    }

    /**
     * The value in {@code environment}, or the default; blank values count as absent.
     *
     * @throws io.agentevents.schemas.connection.SettingException naming the variable
     */
    @SuppressWarnings("unchecked")
    <T> T valueIn(java.util.Map<String, String> environment) {
        return (T) setting.fromEnvironment(environment);
    }

    private static String topicPrefix(String prefix) {
        Domain.PLAN.topic(prefix); // refuses a bad prefix, saying why
        return prefix;
    }

    private static Boolean ratePer(String text) {
        return switch (text) {
            case "user" -> true;
            case "address" -> false;
            default -> throw new IllegalArgumentException("must be user or address");
        };
    }

    private static int replicationFactor(String text) {
        int replication = Integer.parseInt(text);
        if (replication == 0 || replication < -1) {
            throw new IllegalArgumentException("must be -1 (broker default) or at least 1");
        }
        return replication;
    }
}
