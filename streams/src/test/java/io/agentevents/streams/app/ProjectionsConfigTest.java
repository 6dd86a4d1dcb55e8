package io.agentevents.streams.app;

import io.agentevents.local.testing.SettingDocs;
import io.agentevents.schemas.connection.Secret;
import io.agentevents.schemas.connection.Setting;
import io.agentevents.schemas.connection.SettingException;
import io.agentevents.schemas.connection.TlsStore;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectionsConfigTest {

    private static final Map<String, String> MINIMAL = Map.of(
            "EVENTBUS_BOOTSTRAP_SERVERS", "kafka:9092", "EVENTBUS_SCHEMA_REGISTRY_URL", "http://registry:8081");

    @Test
    void anEnvironmentWithOnlyTheAddressesGivesTheDefaults() {
        assertThat(ProjectionsConfig.fromEnvironment(MINIMAL))
                .isEqualTo(ProjectionsConfig.defaults("kafka:9092", "http://registry:8081"));
    }

    @Test
    void everySettingSurvivesTheTripThroughTheEnvironment() {
        ProjectionsConfig config = ProjectionsConfig.defaults("kafka:9092", "http://registry:8081")
                .withApplicationId("crash-test")
                .withHttpPort(0)
                .withStateDirectory(Path.of("/var/lib/projections"))
                .withStandbyReplicas(1)
                .withReplicationFactor(3)
                .withDeadLetters(true)
                .withInstanceId("projections-a")
                .withSessionTimeout(Duration.ofSeconds(10))
                .withKafkaSecurity(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"))
                .withRegistryUserInfo("projections:pw");

        Map<String, String> env = config.toEnvironment();

        assertThat(env).containsEntry("EVENTBUS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "projections:pw")
                .containsEntry("EVENTBUS_PROJECTIONS_STATE_DIR", "/var/lib/projections");
        assertThat(ProjectionsConfig.fromEnvironment(env)).isEqualTo(config);
    }

    @Test
    void aMissingOrMalformedValueIsRefusedNamingItsVariable() {
        assertThatThrownBy(() -> ProjectionsConfig.fromEnvironment(Map.of("EVENTBUS_BOOTSTRAP_SERVERS", "k:9092")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EVENTBUS_SCHEMA_REGISTRY_URL");
        Map<String, String> badPort = new HashMap<>(MINIMAL);
        badPort.put("EVENTBUS_PROJECTIONS_HTTP_PORT", "eighty");
        assertThatThrownBy(() -> ProjectionsConfig.fromEnvironment(badPort))
                .hasMessageContaining("EVENTBUS_PROJECTIONS_HTTP_PORT").hasMessageContaining("eighty");
        Map<String, String> outOfRange = new HashMap<>(MINIMAL);
        outOfRange.put("EVENTBUS_PROJECTIONS_HTTP_PORT", "70000");
        assertThatThrownBy(() -> ProjectionsConfig.fromEnvironment(outOfRange))
                .isInstanceOfSatisfying(SettingException.class,
                        e -> assertThat(e.setting()).isSameAs(ProjectionsSetting.HTTP_PORT.setting()))
                .hasMessage("EVENTBUS_PROJECTIONS_HTTP_PORT must be 0..65535, was '70000'");
        Map<String, String> badFlag = new HashMap<>(MINIMAL);
        badFlag.put("EVENTBUS_PROJECTIONS_DEAD_LETTERS", "yes");
        assertThatThrownBy(() -> ProjectionsConfig.fromEnvironment(badFlag))
                .hasMessageContaining("EVENTBUS_PROJECTIONS_DEAD_LETTERS");
        assertThatThrownBy(() -> ProjectionsConfig.defaults("k:9092", "http://r:8081").withStandbyReplicas(-1))
                .hasMessageContaining("standbyReplicas");
        Map<String, String> shortSession = new HashMap<>(MINIMAL);
        shortSession.put("EVENTBUS_PROJECTIONS_SESSION_TIMEOUT_MS", "1000");
        assertThatThrownBy(() -> ProjectionsConfig.fromEnvironment(shortSession))
                .hasMessage("EVENTBUS_PROJECTIONS_SESSION_TIMEOUT_MS must be 6000..1800000, was '1000'");
        assertThatThrownBy(() -> ProjectionsConfig.defaults("k:9092", "http://r:8081").withInstanceId(" "))
                .hasMessageContaining("instanceId");
    }

    @Test
    void staticMembershipAndTheSessionTimeoutReachTheMainConsumer() {
        Properties dynamic = ProjectionsApp.streamsProperties(ProjectionsConfig.defaults("k:9092", "http://r:8081"),
                Path.of("/tmp/state"), 8080);
        assertThat(dynamic).doesNotContainKey(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                .containsEntry(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 45_000);
        Properties fixed = ProjectionsApp.streamsProperties(ProjectionsConfig.defaults("k:9092", "http://r:8081")
                .withInstanceId("projections-a").withSessionTimeout(Duration.ofSeconds(10)), Path.of("/tmp/state"), 8080);
        assertThat(fixed).containsEntry(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "projections-a")
                .containsEntry(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000)
                .containsEntry(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
    }

    @Test
    void aFreshStartWaitsNeitherForTheInternalTopicBackOffNorForAnEmptyChangelogFetch() {
        StreamsConfig streams = new StreamsConfig(ProjectionsApp.streamsProperties(
                ProjectionsConfig.defaults("k:9092", "http://r:8081"), Path.of("/tmp/state"), 8080));

        // the partition assignor reads its internal-topic back-off from the main consumer's settings (KAFKA-21033)
        assertThat(streams.getMainConsumerConfigs("g", "c", 0)).containsEntry(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, 10L);
        Map<String, Object> restore = streams.getRestoreConsumerConfigs("c");
        assertThat(restore).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        // every other client keeps Kafka's default retry back-off
        assertThat(restore.get(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG)).isIn(null, 100L);
        assertThat(streams.getProducerConfigs("c").get(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG)).isIn(null, 100L);
        assertThat(streams.getAdminConfigs("c").get(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG)).isIn(null, 100L);
    }

    @Test
    void theSettingsTableInTheDocsListsEverySettingWithItsDefault() throws Exception {
        SettingDocs.assertEveryRowIn("projections.md", Arrays.stream(ProjectionsSetting.values()).map(ProjectionsSetting::setting).toList(),
                Setting::environmentTableRow);
        ProjectionsConfig defaults = ProjectionsConfig.defaults("b:9092", "http://r:8081");
        assertThat(defaults.commitInterval()).isEqualTo(Duration.ofMillis(
                Long.parseLong(ProjectionsSetting.COMMIT_INTERVAL_MS.setting().defaultValue())));
    }

    @Test
    void registryCredentialsComeFromTheirOwnVariableAsForTheProducer() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put("EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "projections:s3cret");
        assertThat(ProjectionsConfig.fromEnvironment(env).connection().registry().basicAuthUserInfo())
                .contains(Secret.of("projections:s3cret"));
        env.put("EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "s3cret");
        assertThatThrownBy(() -> ProjectionsConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(SettingException.class,
                        e -> assertThat(e.setting()).isSameAs(ProjectionsSetting.SCHEMA_REGISTRY_USER_INFO.setting()))
                .hasMessageContaining("EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO").hasMessageNotContaining("s3cret");
        assertThat(ProjectionsSetting.SCHEMA_REGISTRY_USER_INFO.environmentVariable())
                .isEqualTo(io.agentevents.producer.kafka.KafkaEventBusSetting.SCHEMA_REGISTRY_USER_INFO.environmentVariable());
    }

    @Test
    void toStringNeverShowsASecret() {
        ProjectionsConfig plain = ProjectionsConfig.defaults("kafka:9092", "https://agent:url-s3cret@registry:8081");
        ProjectionsConfig config = plain
                .withConnection(plain.connection().withRegistry(plain.connection().registry()
                        .withTrustStore(TlsStore.of(Path.of("/etc/registry-trust.p12"), "registry-trust-s3cret"))))
                .withKafkaSecurity(Map.of("security.protocol", "SASL_SSL",
                        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"agent\" password=\"jaas-s3cret\";",
                        "ssl.keystore.password", "store-s3cret"))
                .withQueryKeyStore(TlsStore.of(Path.of("/etc/query.p12"), "query-store-s3cret").withKeyPassword("key-s3cret"))
                .withQueryTrustStore(TlsStore.of(Path.of("/etc/trust.p12"), "trust-s3cret"));

        assertThat(config.toString()).contains("SASL_SSL", "https://registry:8081", "basicAuthUserInfo=Optional[[hidden]]",
                        "sasl.jaas.config=[hidden]", "/etc/query.p12", "/etc/trust.p12", "/etc/registry-trust.p12")
                .doesNotContain("url-s3cret", "jaas-s3cret", "store-s3cret", "key-s3cret", "trust-s3cret");
    }
}
