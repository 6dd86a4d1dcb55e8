package io.agentevents.cli;

import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.app.ProjectionsConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code eventbus projections}: the configuration from environment and flags, and its usage errors. */
class ProjectionsCommandTest {

    private static ProjectionsCommand parsed(Map<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new ProjectionsCommand(environment));
        commandLine.parseArgs(args);
        return commandLine.getCommand();
    }

    @Test
    void withNeitherFlagsNorEnvironmentItUsesTheLocalPlatformsAddressesAndTheDefaults() {
        ProjectionsCommand command = parsed(Map.of());
        ProjectionsConfig config = command.config();

        assertThat(config.connection().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.connection().registryUrls()).isEqualTo("http://127.0.0.1:8081");
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.stateDirectory()).isEmpty();
        assertThat(config.topics().prefix()).isEqualTo("events");
        assertThat(command.noCreateTopics).isFalse();
    }

    @Test
    void readsTheEnvironment() {
        ProjectionsConfig config = parsed(Map.of(
                "EVENTBUS_BOOTSTRAP_SERVERS", "kafka:19092",
                "EVENTBUS_SCHEMA_REGISTRY_URL", "http://schema-registry:8081",
                "EVENTBUS_TOPIC_PARTITIONS", "3",
                "EVENTBUS_PROJECTIONS_HTTP_HOST", "0.0.0.0",
                "EVENTBUS_PROJECTIONS_ADVERTISED_HOST", "projections",
                "EVENTBUS_PROJECTIONS_STATE_DIR", "/var/lib/eventbus/projections",
                "EVENTBUS_PROJECTIONS_REPLICATION_FACTOR", "1")).config();

        assertThat(config.connection().bootstrapServers()).isEqualTo("kafka:19092");
        assertThat(config.connection().registryUrls()).isEqualTo("http://schema-registry:8081");
        assertThat(config.topics().partitions()).isEqualTo(3);
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.advertisedHost()).isEqualTo("projections");
        assertThat(config.stateDirectory()).contains(Path.of("/var/lib/eventbus/projections"));
        assertThat(config.replicationFactor()).isEqualTo(1);
    }

    @Test
    void flagsWinOverTheEnvironmentEvenOverABadValueOfTheSameSetting() {
        ProjectionsConfig config = parsed(Map.of(
                        "EVENTBUS_BOOTSTRAP_SERVERS", "kafka:19092",
                        "EVENTBUS_SCHEMA_REGISTRY_URL", "http://schema-registry:8081",
                        "EVENTBUS_PROJECTIONS_HTTP_PORT", "not-a-port",
                        "EVENTBUS_PROJECTIONS_HTTP_HOST", "0.0.0.0",
                        "EVENTBUS_PROJECTIONS_STATE_DIR", "/from/env",
                        "EVENTBUS_PROJECTIONS_ADVERTISED_HOST", "projections"),
                "--bootstrap", "broker-1:9092,broker-2:9092", "--registry", "http://registry:8081",
                "--http-port", "9100", "--http-host", "127.0.0.2", "--state-dir", "/from/flag", "--prefix", "team-a").config();

        assertThat(config.connection().bootstrapServers()).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(config.connection().registryUrls()).isEqualTo("http://registry:8081");
        assertThat(config.httpPort()).isEqualTo(9100);
        assertThat(config.httpHost()).isEqualTo("127.0.0.2");
        assertThat(config.stateDirectory()).contains(Path.of("/from/flag"));
        assertThat(config.topics().prefix()).as("--prefix, as in every command").isEqualTo("team-a");
        assertThat(config.advertisedHost()).as("a setting no flag names stays as the environment says").isEqualTo("projections");
    }

    @Test
    void theCommandConfigFileLogsInWinsOverTheVariablesAndLosesToTheFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n", "bootstrap.servers=secured-kafka:9093",
                "schema.registry.url=http://secured-registry:8081", "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"p\" password=\"pw\";",
                "basic.auth.credentials.source=USER_INFO", "basic.auth.user.info=p:pw", ""));
        Map<String, String> env = Map.of("EVENTBUS_BOOTSTRAP_SERVERS", "env-kafka:9092",
                "EVENTBUS_KAFKA_SECURITY_PROTOCOL", "SSL", "EVENTBUS_PROJECTIONS_HTTP_HOST", "0.0.0.0");

        ProjectionsConfig fromFile = parsed(env, "--command-config", file.toString()).config();
        assertThat(fromFile.connection().bootstrapServers()).isEqualTo("secured-kafka:9093");
        assertThat(fromFile.connection().registryUrls()).isEqualTo("http://secured-registry:8081");
        assertThat(fromFile.connection().kafkaSecurity()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsKey("sasl.jaas.config");
        assertThat(fromFile.connection().registry().basicAuthUserInfo()).isPresent();
        assertThat(fromFile.httpHost()).as("settings the file does not hold stay as the environment says").isEqualTo("0.0.0.0");
        assertThat(fromFile.toString()).doesNotContain("pw");

        ProjectionsConfig flagged = parsed(env, "--command-config", file.toString(), "--bootstrap", "flag-kafka:9092").config();
        assertThat(flagged.connection().bootstrapServers()).isEqualTo("flag-kafka:9092");
        assertThat(flagged.connection().kafkaSecurity()).containsEntry("security.protocol", "SASL_PLAINTEXT");

        assertThatThrownBy(() -> parsed(Map.of(), "--command-config", dir.resolve("missing").toString()).config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("cannot read --command-config");
    }

    /** A flag (--name) is given on the command line, a variable (NAME) in the environment. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--http-port                             | 70000        | --http-port must be 0..65535",
            "--http-port                             | -1           | --http-port must be 0..65535",
            "--bootstrap                             | no-port      | --bootstrap must be HOST:PORT",
            "--bootstrap                             | ' '          | --bootstrap must not be blank",
            "--registry                              | 'http://a b' | --registry",
            "--registry                              | ' '          | --registry must not be blank",
            "--http-host                             | ' '          | --http-host must not be blank",
            "--state-dir                             | ''           | --state-dir must not be blank",
            "--prefix                                | ' '          | --prefix must not be blank",
            "--prefix                                | 'a b'        | EVENTBUS_TOPIC_PREFIX",
            "EVENTBUS_PROJECTIONS_HTTP_PORT          | 70000        | EVENTBUS_PROJECTIONS_HTTP_PORT",
            "EVENTBUS_PROJECTIONS_HTTP_PORT          | abc          | EVENTBUS_PROJECTIONS_HTTP_PORT",
            "EVENTBUS_PROJECTIONS_STREAM_THREADS     | 0            | EVENTBUS_PROJECTIONS_STREAM_THREADS",
            "EVENTBUS_PROJECTIONS_REPLICATION_FACTOR | 0            | EVENTBUS_PROJECTIONS_REPLICATION_FACTOR",
            "EVENTBUS_TOPIC_PARTITIONS               | 0            | EVENTBUS_TOPIC_PARTITIONS",
            "EVENTBUS_PROJECTIONS_DEAD_LETTERS       | maybe        | EVENTBUS_PROJECTIONS_DEAD_LETTERS",
            "EVENTBUS_SCHEMA_REGISTRY_URL            | 'http://a b' | EVENTBUS_SCHEMA_REGISTRY_URL",
            "EVENTBUS_KAFKA_BOOTSTRAP_SERVERS        | x:1          | EVENTBUS_KAFKA_*",
    })
    void aBadFlagOrVariableIsAUsageErrorNamingIt(String setting, String value, String named) {
        ProjectionsCommand command = setting.startsWith("--") ? parsed(Map.of(), setting, value)
                : parsed(Map.of(setting, value));
        assertThatThrownBy(command::config).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(named);
    }

    @Test
    void aBadFlagExitsWith2AndPrintsTheUsageBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new ProjectionsCommand(Map.of())).setErr(new PrintWriter(err));

        int exit = commandLine.execute("--http-port", "99999");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--http-port must be 0..65535").contains("Usage:");
        assertThat(new CommandLine(new ProjectionsCommand(Map.of())).setErr(new PrintWriter(new StringWriter()))
                .execute("--http-port", "eighty")).isEqualTo(2);
        assertThat(new CommandLine(new ProjectionsCommand(Map.of())).setErr(new PrintWriter(new StringWriter()))
                .execute("--no-such-flag")).isEqualTo(2);
    }

    @Test
    void helpNamesEveryFlag() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new ProjectionsCommand(Map.of())).setOut(new PrintWriter(out)).execute("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--bootstrap", "--registry", "--prefix", "--http-port", "--http-host", "--state-dir",
                "--no-create-topics", "projections ready");
    }

    @Test
    void topicCreationCanBeTurnedOff() {
        assertThat(parsed(Map.of(), "--no-create-topics").noCreateTopics).isTrue();
    }

    @Test
    void anEmptyStateDirectoryVariableMeansATemporaryOne() {
        assertThat(parsed(Map.of("EVENTBUS_PROJECTIONS_STATE_DIR", " ")).config().stateDirectory()).isEqualTo(Optional.empty());
    }
}
