package io.agentevents.schemas.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterConnectionTest {

    @Test
    void clientPropertiesAreTheServersAndTheSecuritySettings() {
        ClusterConnection connection = ClusterConnection.of(" k1:9092,k2:9092 ", "http://r:8081")
                .withKafkaSecurity(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));

        assertThat(connection.clientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "k1:9092,k2:9092", "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
        connection.clientProperties().put("client.id", "mine");
        assertThat(connection.clientProperties()).as("a new map each call").doesNotContainKey("client.id");
    }

    @Test
    void adminPropertiesAreTheClientPropertiesWithABoundOnEachCall() {
        ClusterConnection connection = ClusterConnection.of("k:9092", "http://r:8081")
                .withKafkaSecurity(Map.of("security.protocol", "SASL_SSL"));

        assertThat(connection.adminProperties(Duration.ofSeconds(30))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "k:9092", "security.protocol", "SASL_SSL", "default.api.timeout.ms", 30_000));
        assertThat(connection.adminProperties(Duration.ofDays(365))).containsEntry("default.api.timeout.ms", Integer.MAX_VALUE);
    }

    @Test
    void registryCredentialsComeFromTheUrlOrTheUserInfoWhichWins() {
        ClusterConnection inUrl = ClusterConnection.of("k:9092", "http://agent:url-pw@r:8081");
        assertThat(inUrl.registryUrls()).isEqualTo("http://r:8081");
        assertThat(inUrl.registry().basicAuthUserInfo()).contains(Secret.of("agent:url-pw"));

        ClusterConnection overridden = inUrl.withRegistryUserInfo("agent:info-pw");
        assertThat(overridden.registry().basicAuthUserInfo()).contains(Secret.of("agent:info-pw"));
        assertThat(ClusterConnection.of("k:9092", "http://r:8081").registryClientProperties())
                .containsExactlyEntriesOf(Map.of("schema.registry.url", "http://r:8081"));
    }

    /** Issue 17, item 5: the admin's client file of eventbus local --sasl could not be used by the bus. */
    @Test
    void aClientPropertiesFileInKafkasAndConfluentsNamesIsAConnection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("admin-client.properties");
        Files.writeString(file, """
                # as eventbus local --sasl writes it, with a setting Kafka's tools also take
                bootstrap.servers=127.0.0.1:9092
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username\\="admin" password\\="s3cret";
                ssl.truststore.location=/tmp/truststore.p12
                schema.registry.url=http\\://127.0.0.1\\:8081
                basic.auth.credentials.source=USER_INFO
                basic.auth.user.info=admin\\:s3cret
                request.timeout.ms=5000
                """);

        ClusterConnection connection = ConnectionSettings.loadClientProperties(file);

        assertThat(connection.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(connection.registryUrls()).isEqualTo("http://127.0.0.1:8081");
        assertThat(connection.registry().basicAuthUserInfo()).contains(Secret.of("admin:s3cret"));
        assertThat(connection.kafkaSecurity()).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location");
        assertThat(connection.toString()).doesNotContain("s3cret");
    }

    @Test
    void aClientPropertiesFileWithoutWhatIsRequiredIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> ConnectionSettings.fromClientProperties(Map.of("schema.registry.url", "http://r:8081")))
                .isInstanceOf(SettingException.class).hasMessage("bootstrap.servers is required");
        assertThatThrownBy(() -> ConnectionSettings.fromClientProperties(Map.of("bootstrap.servers", "k:9092")))
                .isInstanceOf(SettingException.class).hasMessage("schema.registry.url is required");
        assertThatThrownBy(() -> ConnectionSettings.fromClientProperties(Map.of("bootstrap.servers", "k:9092",
                "schema.registry.url", "http://r:8081", "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(SettingException.class).hasMessageContaining("basic.auth.credentials.source must be USER_INFO or URL");
    }

    @Test
    void registryClientPropertiesUseConfluentNames() {
        ClusterConnection connection = ClusterConnection.of("k:9092", "http://r:8081").withRegistryUserInfo("u:p");
        assertThat(connection.registryClientProperties()).containsEntry("schema.registry.url", "http://r:8081")
                .containsEntry("basic.auth.credentials.source", "USER_INFO")
                .containsEntry("basic.auth.user.info", "u:p");
    }

    @Test
    void badFieldsAreRefusedNamingThem() {
        assertThatThrownBy(() -> ClusterConnection.of(" ", "http://r:8081")).hasMessageContaining("bootstrapServers is required");
        assertThatThrownBy(() -> ClusterConnection.of("kafka", "http://r:8081"))
                .hasMessageContaining("bootstrapServers must be HOST:PORT").hasMessageContaining("'kafka'");
        assertThatThrownBy(() -> ClusterConnection.of("k:9092", "ftp://r")).hasMessageContaining("urls");
        assertThatThrownBy(() -> ClusterConnection.of("k:9092", "http://r:8081").withKafkaSecurity(Map.of("acks", "0")))
                .hasMessageContaining("kafkaSecurity").hasMessageContaining("'acks'");
        assertThatThrownBy(() -> ClusterConnection.of("k:9092", "http://r:8081").withRegistryUserInfo("nouser"))
                .hasMessageContaining("basicAuthUserInfo");
    }

    @Test
    void toStringNeverShowsASecret() {
        ClusterConnection connection = ClusterConnection.of("k:9092", "http://agent:url-s3cret@r:8081")
                .withRegistryUserInfo("agent:info-s3cret")
                .withKafkaSecurity(Map.of("security.protocol", "SASL_SSL",
                        "sasl.jaas.config", "ScramLoginModule required username=\"a\" password=\"jaas-s3cret\";",
                        "ssl.truststore.password", "store-s3cret"));

        assertThat(connection.toString()).contains("k:9092", "http://r:8081", "security.protocol=SASL_SSL",
                        "sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]")
                .doesNotContain("s3cret");
    }

    @Test
    void theEnvironmentRoundTrips() {
        ClusterConnection connection = ClusterConnection.of("k:9092", "http://r:8081,http://r2:8081")
                .withRegistryUserInfo("u:p").withKafkaSecurity(Map.of("sasl.mechanism", "PLAIN"));
        Map<String, String> env = ConnectionSettings.toEnvironment(connection);
        assertThat(env).containsEntry("EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "u:p")
                .containsEntry("EVENTBUS_KAFKA_SASL_MECHANISM", "PLAIN");
        assertThat(ConnectionSettings.fromEnvironment(env)).isEqualTo(connection);
    }

    @Test
    void propertiesNameTheBadSetting() {
        assertThatThrownBy(() -> ConnectionSettings.fromProperties(Map.of("eventbus.schema.registry.url", "http://r:8081")))
                .isInstanceOfSatisfying(SettingException.class,
                        e -> assertThat(e.setting()).isSameAs(ConnectionSettings.BOOTSTRAP_SERVERS))
                .hasMessage("eventbus.bootstrap.servers (EVENTBUS_BOOTSTRAP_SERVERS) is required");
        assertThatThrownBy(() -> ConnectionSettings.fromEnvironment(Map.of("EVENTBUS_BOOTSTRAP_SERVERS", "k:9092",
                "EVENTBUS_SCHEMA_REGISTRY_URL", "http://r:8081", "EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "s3cret")))
                .isInstanceOfSatisfying(SettingException.class,
                        e -> assertThat(e.name()).isEqualTo("EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO"))
                .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> ConnectionSettings.fromEnvironment(Map.of("EVENTBUS_BOOTSTRAP_SERVERS", "k:9092",
                "EVENTBUS_SCHEMA_REGISTRY_URL", "http://r:8081", "EVENTBUS_KAFKA_ACKS", "0")))
                .isInstanceOfSatisfying(SettingException.class,
                        e -> assertThat(e.setting()).isSameAs(ConnectionSettings.KAFKA_SECURITY))
                .hasMessageContaining("EVENTBUS_KAFKA_*").hasMessageContaining("'acks'");
    }
}
