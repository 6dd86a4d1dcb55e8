package io.agentevents.cli;

import io.agentevents.local.LocalPlatform;
import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.local.testing.SecuredPlatform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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

import static io.agentevents.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client commands against a secured platform (SCRAM logins, ACLs, registry basic auth), logging
 * in with {@code --command-config}: the file {@code eventbus local --sasl} writes, in Kafka's names.
 * Everything logged meanwhile, at INFO and above from Kafka (its configuration dumps) and DEBUG from
 * the platform, is captured: the password never appears, in clear or as basic-auth base64.
 */
@Isolated // raises log levels for the whole JVM while it runs
class SecuredCommandsIT {
    private static final String ADMIN_PASSWORD = "commands-admin-pw";

    @RegisterExtension
    static final SecuredPlatform SECURED = SecuredPlatform.of(
            EmbeddedKafkaSecurity.saslPlaintext("admin", ADMIN_PASSWORD).withAcls(true), List.of());

    @Test
    void emitTailAndDlqLogInWithTheCommandConfigAndFailWithoutIt(@TempDir Path dir) throws Exception {
        try (CapturedLogs logs = CapturedLogs.start()) {
            runCommands(dir);
            String logged = logs.text();
            assertThat(logged).as("what was logged").contains("sasl.jaas.config"); // Kafka's configuration dumps were captured
            assertThat(logged).doesNotContain(ADMIN_PASSWORD)
                    .doesNotContain(Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void runCommands(Path dir) throws Exception {
        LocalPlatform platform = SECURED.platform();
        Path settings = dir.resolve("admin-client.properties");
        Properties props = new Properties();
        props.putAll(platform.adminKafkaSecurity());
        props.put("bootstrap.servers", platform.bootstrapServers());
        props.put("schema.registry.url", platform.schemaRegistryUrl());
        props.put("basic.auth.user.info", platform.registryUserInfo().orElseThrow());
        try (OutputStream out = Files.newOutputStream(settings)) {
            props.store(out, "the admin's client settings");
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
