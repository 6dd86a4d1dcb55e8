package io.agentevents.cli;

import io.agentevents.local.LocalPlatform;
import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.local.kafka.SelfSignedTls;
import io.agentevents.local.registry.EmbeddedSchemaRegistry;
import io.agentevents.local.registry.SchemaRegistryServerConfig;
import io.agentevents.local.testing.SecuredPlatform;
import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsConfig;
import io.agentevents.streams.http.QueryTokens;
import io.agentevents.streams.http.QueryUsers;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.time.Duration;
import java.util.UUID;

import static io.agentevents.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client commands against a secured platform (SCRAM logins, ACLs, registry basic auth), logging
 * in with {@code --command-config}: the file {@code eventbus local --sasl} writes, in Kafka's names.
 * Everything logged meanwhile, at INFO and above from Kafka (its configuration dumps) and DEBUG from
 * the platform, is captured: the password never appears, in clear or as basic-auth base64. Then the
 * same over HTTPS: a registry serving TLS and the query API serving TLS with bearer tokens, reached
 * with a command config holding their trust store and a token; no password, token or store password
 * is logged.
 */
@Isolated // raises log levels for the whole JVM while it runs
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first tails the first plan event of events.plan
class SecuredCommandsIT {
    private static final String ADMIN_PASSWORD = "commands-admin-pw";

    @RegisterExtension
    static final SecuredPlatform SECURED = SecuredPlatform.of(
            EmbeddedKafkaSecurity.saslPlaintext("admin", ADMIN_PASSWORD).withAcls(true), List.of());

    @Test
    @Order(1)
    void emitTailAndDlqLogInWithTheCommandConfigAndFailWithoutIt(@TempDir Path dir) throws Exception {
        try (CapturedLogs logs = CapturedLogs.start()) {
            runCommands(dir);
            String logged = logs.text();
            assertThat(logged).as("what was logged").contains("sasl.jaas.config"); // Kafka's configuration dumps were captured
            assertThat(logged).doesNotContain(ADMIN_PASSWORD)
                    .doesNotContain(Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    @Order(2)
    void emitAndPlanOverHttpsWithATokenLogNoSecret(@TempDir Path dir) throws Exception {
        LocalPlatform platform = SECURED.platform();
        SelfSignedTls tls = SelfSignedTls.generate(dir.resolve("tls"));
        String token = QueryTokens.newToken();
        String userInfo = platform.registryUserInfo().orElseThrow();
        try (CapturedLogs logs = CapturedLogs.start();
             EmbeddedSchemaRegistry https = EmbeddedSchemaRegistry.start(SchemaRegistryServerConfig.of(platform.bootstrapServers())
                     .withKafkaClientOverrides(platform.adminKafkaSecurity()).withBasicAuthUsers(Map.of("admin", ADMIN_PASSWORD))
                     .withKeyStore(tls.keyStoreSettings()))) {
            Properties props = new Properties();
            props.putAll(platform.adminKafkaSecurity());
            props.put("bootstrap.servers", platform.bootstrapServers());
            props.put("schema.registry.url", https.url());
            props.put("basic.auth.credentials.source", "USER_INFO");
            props.put("basic.auth.user.info", userInfo);
            props.put(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION, tls.trustStore().toString());
            props.put(SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD, tls.password());
            Path noQuery = write(dir.resolve("https-client.properties"), props);
            String planId = "https-" + UUID.randomUUID();
            CliRun emit = run("emit", "--type", "plan.created", "--plan-id", planId, "--command-config", noQuery.toString());
            assertThat(emit.exitCode()).as(emit.err()).isZero();

            Path tokens = Files.writeString(dir.resolve("query-tokens"), QueryTokens.line("admin", token) + "\n");
            Path users = Files.writeString(dir.resolve("query-users"), QueryUsers.line("admin", ADMIN_PASSWORD) + "\n");
            ProjectionsConfig projections = ProjectionsConfig.defaults(ConnectionSettings.fromClientProperties(
                            ConnectionSettings.readClientProperties(noQuery)))
                    .withApplicationId("secured-projections-" + UUID.randomUUID())
                    .withTopics(platform.topicLayout()).withHttpPort(0).withReplicationFactor(1)
                    .withStateDirectory(dir.resolve("state"))
                    .withQueryUsersFile(users).withQueryTokensFile(tokens).withQueryKeyStore(tls.keyStoreSettings());
            try (ProjectionsApp app = ProjectionsApp.start(projections)) {
                props.put("query.url", app.url());
                props.put("query.token", token);
                props.put("query.ssl.truststore.location", tls.trustStore().toString());
                props.put("query.ssl.truststore.password", tls.password());
                Path withQuery = write(dir.resolve("query-client.properties"), props);
                await().atMost(Duration.ofSeconds(90)).until(() -> run("plan", planId, "--command-config", withQuery.toString())
                        .exitCode() == 0);
                CliRun plan = run("plan", planId, "--command-config", withQuery.toString());
                assertThat(plan.lines().get(0).at("/plan/planId").asText()).as(plan.out()).isEqualTo(planId);

                props.remove("query.token");
                CliRun anonymous = run("plan", planId, "--command-config", write(dir.resolve("no-token.properties"), props)
                        .toString());
                assertThat(anonymous.exitCode()).isEqualTo(1);
                assertThat(anonymous.err()).contains("401");
                props.remove("query.ssl.truststore.location");
                CliRun untrusting = run("plan", planId, "--command-config", write(dir.resolve("no-trust.properties"), props)
                        .toString());
                assertThat(untrusting.exitCode()).isEqualTo(1);
                assertThat(untrusting.err()).contains("TLS handshake failed");
            }
            String logged = logs.text();
            assertThat(logged).as("what was logged").contains("Schema registry serving at https://");
            assertThat(logged).doesNotContain(ADMIN_PASSWORD).doesNotContain(token).doesNotContain(tls.password())
                    .doesNotContain(Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Path write(Path file, Properties props) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "client settings");
        }
        return file;
    }

    private static void runCommands(Path dir) throws Exception {
        LocalPlatform platform = SECURED.platform();
        Path settings = SECURED.writeAdminClientSettings(dir.resolve("admin-client.properties"));
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(settings)) {
            props.load(in);
        }
        String config = settings.toString();

        CliRun emit = run("emit", "--type", "plan.created", "--plan-id", "secured-1", "--command-config", config);
        assertThat(emit.exitCode()).as(emit.err()).isZero();
        JsonNode landed = emit.lines().get(0).get("landed");
        assertThat(landed.get("topic").asText()).isEqualTo("events.plan");

        CliRun tail = run("tail", "--domain", "plan", "--from-beginning", "--max", "1", "--timeout", "60",
                "--command-config", config);
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.lines().get(0).at("/event/plan_id").asText()).isEqualTo("secured-1");

        CliRun stats = run("dlq", "stats", "--command-config", config);
        assertThat(stats.exitCode()).as(stats.err()).isZero();

        // the registry behind basic auth: the file's basic.auth.user.info
        CliRun schemas = run("schemas", "list", "--command-config", config);
        assertThat(schemas.exitCode()).as(schemas.err()).isZero();
        assertThat(schemas.out()).contains("events.plan-value");

        // the password in a file of its own, referenced through Kafka's config providers
        Path secrets = dir.resolve("secrets.properties");
        Properties secret = new Properties();
        secret.put("admin.jaas", platform.adminKafkaSecurity().get("sasl.jaas.config"));
        try (OutputStream out = Files.newOutputStream(secrets)) {
            secret.store(out, "the admin's login");
        }
        Properties referencing = new Properties();
        referencing.putAll(props);
        referencing.put("config.providers", "file");
        referencing.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        referencing.put("sasl.jaas.config", "${file:" + secrets + ":admin.jaas}");
        Path indirect = dir.resolve("indirect.properties");
        try (OutputStream out = Files.newOutputStream(indirect)) {
            referencing.store(out, "the admin's client settings, the login by reference");
        }
        CliRun viaProvider = run("tail", "--domain", "plan", "--from-beginning", "--max", "1", "--timeout", "60",
                "--command-config", indirect.toString());
        assertThat(viaProvider.exitCode()).as(viaProvider.err()).isZero();
        assertThat(viaProvider.lines().get(0).at("/event/plan_id").asText()).isEqualTo("secured-1");

        CliRun refused = run("emit", "--type", "plan.created", "--plan-id", "secured-2", "--bootstrap",
                platform.bootstrapServers(), "--registry", platform.schemaRegistryUrl(), "--timeout", "5");
        assertThat(refused.exitCode()).as("without the command config: %s", refused.out()).isEqualTo(1);
        assertThat(refused.err()).startsWith("eventbus: ").doesNotContain(ADMIN_PASSWORD);
    }

    /** Every log event of the JVM while open, Kafka at INFO and the platform at DEBUG; the console is spared. */
    private static final class CapturedLogs implements AutoCloseable {
        private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        private final Map<String, Level> levels = new LinkedHashMap<>();
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final List<Appender<ILoggingEvent>> console = new ArrayList<>();

        static CapturedLogs start() {
            CapturedLogs logs = new CapturedLogs();
            logs.raise("org.apache.kafka", Level.INFO);
            logs.raise("kafka", Level.INFO);
            logs.raise("io.agentevents", Level.DEBUG);
            Logger root = logs.context.getLogger(Logger.ROOT_LOGGER_NAME);
            root.iteratorForAppenders().forEachRemaining(logs.console::add);
            logs.console.forEach(root::detachAppender);
            logs.appender.setContext(logs.context);
            logs.appender.start();
            root.addAppender(logs.appender);
            return logs;
        }

        private void raise(String name, Level level) {
            Logger logger = context.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(level);
        }

        String text() {
            StringBuilder text = new StringBuilder();
            synchronized (appender) {
                for (ILoggingEvent event : appender.list) {
                    text.append(event.getFormattedMessage()).append('\n');
                    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                        text.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
                    }
                }
            }
            return text.toString();
        }

        @Override
        public void close() {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            root.detachAppender(appender);
            appender.stop();
            console.forEach(root::addAppender);
            levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
        }
    }
}
