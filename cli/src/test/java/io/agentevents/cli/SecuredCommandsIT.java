package io.agentevents.cli;

import io.agentevents.local.LocalPlatform;
import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.local.testing.SecuredPlatform;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static io.agentevents.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client commands against a secured platform (SCRAM logins, ACLs, registry basic auth), logging
 * in with {@code --command-config}: the file {@code eventbus local --sasl} writes, in Kafka's names.
 */
class SecuredCommandsIT {
    private static final String ADMIN_PASSWORD = "commands-admin-pw";

    @RegisterExtension
    static final SecuredPlatform SECURED = SecuredPlatform.of(
            EmbeddedKafkaSecurity.saslPlaintext("admin", ADMIN_PASSWORD).withAcls(true), List.of());

    @Test
    void emitTailAndDlqLogInWithTheCommandConfigAndFailWithoutIt(@TempDir Path dir) throws Exception {
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

        CliRun refused = run("emit", "--type", "plan.created", "--plan-id", "secured-2", "--bootstrap",
                platform.bootstrapServers(), "--registry", platform.schemaRegistryUrl(), "--timeout", "5");
        assertThat(refused.exitCode()).as("without the command config: %s", refused.out()).isEqualTo(1);
        assertThat(refused.err()).startsWith("eventbus: ").doesNotContain(ADMIN_PASSWORD);
    }
}
