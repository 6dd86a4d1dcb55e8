package io.agentevents.streams.app;

import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.connection.Secret;
import io.agentevents.schemas.connection.TlsStore;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.http.QueryLimits;
import io.agentevents.streams.model.AuditRetention;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ProjectionsConfig} to and from the {@code EVENTBUS_*} variables of {@link ProjectionsSetting}:
 * what {@link ProjectionsConfig#fromEnvironment} and {@link ProjectionsConfig#toEnvironment} do.
 * Stateless.
 */
final class ProjectionsEnvironment {
    private ProjectionsEnvironment() {
    }

    static ProjectionsConfig read(Map<String, String> environment) {
        TopicLayout topics = TopicLayout.production()
                .withPrefix(ProjectionsSetting.TOPIC_PREFIX.valueIn(environment))
                .withPartitions(ProjectionsSetting.TOPIC_PARTITIONS.valueIn(environment));
        String stateDir = ProjectionsSetting.STATE_DIR.valueIn(environment);
        String instanceId = ProjectionsSetting.INSTANCE_ID.valueIn(environment);
        String usersFile = ProjectionsSetting.QUERY_USERS_FILE.valueIn(environment);
        return new ProjectionsConfig(
                ConnectionSettings.fromEnvironment(environment),
                ProjectionsSetting.APPLICATION_ID.valueIn(environment),
                topics,
                ProjectionsSetting.HTTP_HOST.valueIn(environment),
                ProjectionsSetting.HTTP_PORT.valueIn(environment),
                ProjectionsSetting.ADVERTISED_HOST.valueIn(environment),
                stateDir.isEmpty() ? Optional.empty() : Optional.of(Path.of(stateDir)),
                ProjectionsSetting.STANDBY_REPLICAS.valueIn(environment),
                ProjectionsSetting.STREAM_THREADS.valueIn(environment),
                ProjectionsSetting.REPLICATION_FACTOR.valueIn(environment),
                Duration.ofMillis(ProjectionsSetting.COMMIT_INTERVAL_MS.<Long>valueIn(environment)),
                new AuditRetention(ProjectionsSetting.AUDIT_MAX_ENTRIES.valueIn(environment),
                        Duration.ofMillis(ProjectionsSetting.AUDIT_MAX_AGE_MS.<Long>valueIn(environment))),
                Duration.ofMinutes(1),
                Duration.ofMillis(ProjectionsSetting.RATE_GRACE_MS.<Long>valueIn(environment)),
                ProjectionsSetting.DEAD_LETTERS.valueIn(environment),
                instanceId.isEmpty() ? Optional.empty() : Optional.of(instanceId),
                Duration.ofMillis(ProjectionsSetting.SESSION_TIMEOUT_MS.<Long>valueIn(environment)),
                usersFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(usersFile)),
                optionalPath(ProjectionsSetting.QUERY_TOKENS_FILE.valueIn(environment)),
                store(environment, ProjectionsSetting.QUERY_KEYSTORE_LOCATION, ProjectionsSetting.QUERY_KEYSTORE_PASSWORD,
                        ProjectionsSetting.QUERY_KEYSTORE_TYPE)
                        .map(keyStore -> ProjectionsSetting.QUERY_KEY_PASSWORD.<Secret>valueIn(environment).value().isEmpty()
                                ? keyStore : keyStore.withKeyPassword(ProjectionsSetting.QUERY_KEY_PASSWORD.<Secret>valueIn(environment).value())),
                store(environment, ProjectionsSetting.QUERY_TRUSTSTORE_LOCATION, ProjectionsSetting.QUERY_TRUSTSTORE_PASSWORD,
                        ProjectionsSetting.QUERY_TRUSTSTORE_TYPE),
                new QueryLimits(ProjectionsSetting.QUERY_RATE_LIMIT.valueIn(environment),
                        ProjectionsSetting.QUERY_RATE_LIMIT_PER.<Boolean>valueIn(environment)));
    }

    static Map<String, String> write(ProjectionsConfig config) {
        Map<String, String> env = new LinkedHashMap<>(ConnectionSettings.toEnvironment(config.connection()));
        env.put(ProjectionsSetting.TOPIC_PREFIX.environmentVariable(), config.topics().prefix());
        env.put(ProjectionsSetting.TOPIC_PARTITIONS.environmentVariable(), Integer.toString(config.topics().partitions()));
        env.put(ProjectionsSetting.APPLICATION_ID.environmentVariable(), config.applicationId());
        env.put(ProjectionsSetting.HTTP_HOST.environmentVariable(), config.httpHost());
        env.put(ProjectionsSetting.HTTP_PORT.environmentVariable(), Integer.toString(config.httpPort()));
        env.put(ProjectionsSetting.ADVERTISED_HOST.environmentVariable(), config.advertisedHost());
        env.put(ProjectionsSetting.STATE_DIR.environmentVariable(), config.stateDirectory().map(Path::toString).orElse(""));
        env.put(ProjectionsSetting.STANDBY_REPLICAS.environmentVariable(), Integer.toString(config.standbyReplicas()));
        env.put(ProjectionsSetting.STREAM_THREADS.environmentVariable(), Integer.toString(config.streamThreads()));
        env.put(ProjectionsSetting.REPLICATION_FACTOR.environmentVariable(), Integer.toString(config.replicationFactor()));
        env.put(ProjectionsSetting.COMMIT_INTERVAL_MS.environmentVariable(), Long.toString(config.commitInterval().toMillis()));
        env.put(ProjectionsSetting.AUDIT_MAX_ENTRIES.environmentVariable(), Integer.toString(config.retention().maxEntries()));
        env.put(ProjectionsSetting.AUDIT_MAX_AGE_MS.environmentVariable(), Long.toString(config.retention().maxAge().toMillis()));
        env.put(ProjectionsSetting.RATE_GRACE_MS.environmentVariable(), Long.toString(config.rateGrace().toMillis()));
        env.put(ProjectionsSetting.DEAD_LETTERS.environmentVariable(), Boolean.toString(config.deadLetters()));
        env.put(ProjectionsSetting.INSTANCE_ID.environmentVariable(), config.instanceId().orElse(""));
        env.put(ProjectionsSetting.SESSION_TIMEOUT_MS.environmentVariable(), Long.toString(config.sessionTimeout().toMillis()));
        env.put(ProjectionsSetting.QUERY_USERS_FILE.environmentVariable(), config.queryUsersFile().map(Path::toString).orElse(""));
        env.put(ProjectionsSetting.QUERY_TOKENS_FILE.environmentVariable(), config.queryTokensFile().map(Path::toString).orElse(""));
        putStore(env, config.queryKeyStore(), ProjectionsSetting.QUERY_KEYSTORE_LOCATION, ProjectionsSetting.QUERY_KEYSTORE_PASSWORD,
                ProjectionsSetting.QUERY_KEYSTORE_TYPE);
        env.put(ProjectionsSetting.QUERY_KEY_PASSWORD.environmentVariable(),
                config.queryKeyStore().flatMap(TlsStore::keyPassword).map(Secret::value).orElse(""));
        putStore(env, config.queryTrustStore(), ProjectionsSetting.QUERY_TRUSTSTORE_LOCATION, ProjectionsSetting.QUERY_TRUSTSTORE_PASSWORD,
                ProjectionsSetting.QUERY_TRUSTSTORE_TYPE);
        env.put(ProjectionsSetting.QUERY_RATE_LIMIT.environmentVariable(), Integer.toString(config.queryLimits().requestsPerSecond()));
        env.put(ProjectionsSetting.QUERY_RATE_LIMIT_PER.environmentVariable(), config.queryLimits().perUser() ? "user" : "address");
        return env;
    }

    private static Optional<Path> optionalPath(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
    }

    /** The store the location, password and type variables name; empty when the location is not set. */
    private static Optional<TlsStore> store(Map<String, String> environment, ProjectionsSetting location,
                                            ProjectionsSetting password, ProjectionsSetting type) {
        return optionalPath(location.valueIn(environment)).map(path -> new TlsStore(path, type.valueIn(environment),
                password.valueIn(environment), Optional.empty()));
    }

    private static void putStore(Map<String, String> env, Optional<TlsStore> store, ProjectionsSetting location,
                                 ProjectionsSetting password, ProjectionsSetting type) {
        env.put(location.environmentVariable(), store.map(s -> s.location().toString()).orElse(""));
        env.put(password.environmentVariable(), store.map(s -> s.password().value()).orElse(""));
        env.put(type.environmentVariable(), store.map(TlsStore::type).orElse(TlsStore.DEFAULT_TYPE));
    }
}
