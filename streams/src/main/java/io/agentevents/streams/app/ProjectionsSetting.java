package io.agentevents.streams.app;

import java.util.Locale;

/**
 * Every setting of {@link ProjectionsConfig} as it is named in the environment ({@code EVENTBUS_*}),
 * with its default. The table in {@code docs/projections.md} is checked against this list by a test.
 */
public enum ProjectionsSetting {
    BOOTSTRAP_SERVERS("EVENTBUS_BOOTSTRAP_SERVERS", null, "Kafka bootstrap servers (required)"),
    SCHEMA_REGISTRY_URL("EVENTBUS_SCHEMA_REGISTRY_URL", null, "schema registry base URL(s), comma-separated (required)"),
    TOPIC_PREFIX("EVENTBUS_TOPIC_PREFIX", "events", "the domain topics read are `<prefix>.<domain>`"),
    TOPIC_PARTITIONS("EVENTBUS_TOPIC_PARTITIONS", "6", "partitions of the `projections.*` topics created on start"),
    APPLICATION_ID("EVENTBUS_PROJECTIONS_APPLICATION_ID", ProjectionsConfig.DEFAULT_APPLICATION_ID,
            "Kafka Streams `application.id`: the consumer group and the prefix of internal topics"),
    HTTP_HOST("EVENTBUS_PROJECTIONS_HTTP_HOST", "127.0.0.1", "address the query API binds to (`0.0.0.0` in a container)"),
    HTTP_PORT("EVENTBUS_PROJECTIONS_HTTP_PORT", Integer.toString(ProjectionsConfig.DEFAULT_HTTP_PORT), "port of the query API"),
    ADVERTISED_HOST("EVENTBUS_PROJECTIONS_ADVERTISED_HOST", "127.0.0.1",
            "host name other instances reach this one at (its `application.server`)"),
    STATE_DIR("EVENTBUS_PROJECTIONS_STATE_DIR", "", "directory of the state stores; empty = a temporary directory deleted on close"),
    STANDBY_REPLICAS("EVENTBUS_PROJECTIONS_STANDBY_REPLICAS", "0", "standby copies of each store kept on other instances"),
    STREAM_THREADS("EVENTBUS_PROJECTIONS_STREAM_THREADS", "2", "stream threads of this instance"),
    REPLICATION_FACTOR("EVENTBUS_PROJECTIONS_REPLICATION_FACTOR", "-1",
            "replication of internal and output topics; -1 = the broker's default"),
    COMMIT_INTERVAL_MS("EVENTBUS_PROJECTIONS_COMMIT_INTERVAL_MS", "500", "how often transactions commit: the views' latency (an event shows in them within about one to two intervals)"),
    AUDIT_MAX_ENTRIES("EVENTBUS_PROJECTIONS_AUDIT_MAX_ENTRIES", "10000", "most entries kept per audit trail (per correlation id, per plan)"),
    AUDIT_MAX_AGE_MS("EVENTBUS_PROJECTIONS_AUDIT_MAX_AGE_MS", Long.toString(java.time.Duration.ofDays(30).toMillis()),
            "oldest entry kept in an audit trail, relative to its newest"),
    RATE_GRACE_MS("EVENTBUS_PROJECTIONS_RATE_GRACE_MS", "30000", "how late an event may be and still count in its one-minute window"),
    DEAD_LETTERS("EVENTBUS_PROJECTIONS_DEAD_LETTERS", "false", "send undecodable records to `projections.dlq` (they are always counted and logged)"),
    KAFKA_SECURITY("EVENTBUS_KAFKA_*", "", "`security.*`, `ssl.*` and `sasl.*` client settings, e.g. `EVENTBUS_KAFKA_SECURITY_PROTOCOL=SASL_SSL`");

    private final String environmentVariable;
    private final String defaultValue;
    private final String description;

    ProjectionsSetting(String environmentVariable, String defaultValue, String description) {
        this.environmentVariable = environmentVariable;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name in the environment, e.g. {@code EVENTBUS_PROJECTIONS_HTTP_PORT}. */
    public String environmentVariable() {
        return environmentVariable;
    }

    /** The default, or null when the setting is required. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The value in {@code environment}, or the default; blank values count as absent. */
    String valueIn(java.util.Map<String, String> environment) {
        String value = environment.get(environmentVariable);
        if (value == null || value.isBlank()) {
            if (defaultValue == null) {
                throw new IllegalArgumentException(environmentVariable + " is required");
            }
            return defaultValue;
        }
        return value.trim();
    }

    int intIn(java.util.Map<String, String> environment) {
        String value = valueIn(environment);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(environmentVariable + " must be a whole number, was '" + value + "'", e);
        }
    }

    long longIn(java.util.Map<String, String> environment) {
        String value = valueIn(environment);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(environmentVariable + " must be a whole number, was '" + value + "'", e);
        }
    }

    boolean booleanIn(java.util.Map<String, String> environment) {
        String value = valueIn(environment).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(environmentVariable + " must be true or false, was '" + value + "'");
        };
    }
}
