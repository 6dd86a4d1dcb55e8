package io.agentevents.cli;

import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.Secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a command's connection comes from: its flags, then --command-config, then EVENTBUS_*, then eventbus local. */
class ClusterAddressTest {

    private static ClusterConnection connection(Map<String, String> environment, String... args) {
        ClusterAddress address = new ClusterAddress();
        CommandLine commandLine = new CommandLine(address);
        commandLine.parseArgs(args);
        return address.connection(commandLine, environment);
    }

    @Test
    void withNothingGivenItIsTheLocalPlatformWithoutSecurity() {
        ClusterConnection connection = connection(Map.of());
        assertThat(connection.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(connection.registryUrls()).isEqualTo("http://127.0.0.1:8081");
        assertThat(connection.kafkaSecurity()).isEmpty();
        assertThat(connection.registry().basicAuthUserInfo()).isEmpty();
    }

    @Test
    void theEnvironmentGivesAddressesAndSecurity() {
        ClusterConnection connection = connection(Map.of("EVENTBUS_BOOTSTRAP_SERVERS", "k1:9093",
                "EVENTBUS_SCHEMA_REGISTRY_URL", "http://r:8081", "EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "planner:pw",
                "EVENTBUS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "EVENTBUS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "UNRELATED", "x"));
        assertThat(connection.bootstrapServers()).isEqualTo("k1:9093");
        assertThat(connection.registryUrls()).isEqualTo("http://r:8081");
        assertThat(connection.registry().basicAuthUserInfo()).contains(Secret.of("planner:pw"));
        assertThat(connection.kafkaSecurity()).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void theFileWinsOverTheEnvironmentAndTheFlagsOverBoth(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), """
                bootstrap.servers=from-file:9092
                schema.registry.url=http://from-file:8081
                security.protocol=SASL_PLAINTEXT
                sasl.mechanism=SCRAM-SHA-512
                basic.auth.user.info=admin:file-pw
                """);
        Map<String, String> environment = Map.of("EVENTBUS_BOOTSTRAP_SERVERS", "from-env:9092",
                "EVENTBUS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "EVENTBUS_KAFKA_SSL_TRUSTSTORE_LOCATION", "/env/trust.p12");

        ClusterConnection fromFile = connection(environment, "--command-config", file.toString());
        assertThat(fromFile.bootstrapServers()).isEqualTo("from-file:9092");
        assertThat(fromFile.registryUrls()).isEqualTo("http://from-file:8081");
        assertThat(fromFile.kafkaSecurity()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("ssl.truststore.location", "/env/trust.p12");
        assertThat(fromFile.registry().basicAuthUserInfo()).contains(Secret.of("admin:file-pw"));

        ClusterConnection flags = connection(environment, "--command-config", file.toString(), "--bootstrap", "flag:9092",
                "--registry", "http://flag:8081");
        assertThat(flags.bootstrapServers()).isEqualTo("flag:9092");
        assertThat(flags.registryUrls()).isEqualTo("http://flag:8081");
        assertThat(flags.kafkaSecurity()).containsEntry("security.protocol", "SASL_PLAINTEXT");
    }

    @Test
    void aBadFileOrValueIsAUsageErrorNamingWhereItCameFrom(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> connection(Map.of(), "--command-config", dir.resolve("missing.properties").toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("cannot read --command-config");
        Path bad = Files.writeString(dir.resolve("bad.properties"), "bootstrap.servers=no-port\n");
        assertThatThrownBy(() -> connection(Map.of(), "--command-config", bad.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("bad client settings in --command-config " + bad).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> connection(Map.of("EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "no-colon")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("the EVENTBUS_* variables")
                .hasMessageNotContaining("no-colon");
        assertThatThrownBy(() -> connection(Map.of(), "--bootstrap", " "))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--bootstrap must not be blank");
    }
}
