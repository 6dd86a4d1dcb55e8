package io.agentevents.local.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentevents.schemas.connection.TlsStore;
import io.agentevents.schemas.registry.CompatibilityLevel;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

class SchemaRegistryServerConfigTest {

    @Test
    void ofGivesConfluentLikeDefaults() {
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.of("127.0.0.1:9092");
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.topic()).isEqualTo("_schemas");
        assertThat(config.defaultCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(config.kafkaTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.kafkaClientOverrides()).isEmpty();
    }

    @Test
    void withersChangeOneFieldEach() {
        SchemaRegistryServerConfig base = SchemaRegistryServerConfig.of("k:1");
        SchemaRegistryServerConfig changed = base.withPort(8081).withTopic("_other").withHost("localhost")
                .withDefaultCompatibility(CompatibilityLevel.FULL).withKafkaTimeout(Duration.ofSeconds(3))
                .withKafkaClientOverrides(Map.of("security.protocol", "SSL")).withBootstrapServers("k:2");
        assertThat(changed).isEqualTo(new SchemaRegistryServerConfig("k:2", "localhost", 8081, "_other",
                CompatibilityLevel.FULL, Duration.ofSeconds(3), Map.of("security.protocol", "SSL")));
        assertThat(base.port()).isZero();
    }

    @Test
    void kafkaLoginsNeedSaslSettingsItCanLogInWith() {
        SchemaRegistryServerConfig base = SchemaRegistryServerConfig.of("k:1");
        assertThat(base.kafkaLogins()).isFalse();
        assertThatThrownBy(() -> base.withKafkaLogins(true))
                .hasMessageContaining("kafkaLogins").hasMessageContaining("security.protocol");
        assertThatThrownBy(() -> base.withKafkaClientOverrides(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "GSSAPI")).withKafkaLogins(true))
                .hasMessageContaining("kafkaLogins").hasMessageContaining("GSSAPI");
        SchemaRegistryServerConfig secured = base.withKafkaClientOverrides(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "x")).withKafkaLogins(true);
        assertThat(secured.kafkaLogins()).isTrue();
        assertThat(secured.requiresAuthentication()).isTrue();
        assertThat(secured.withPort(8081).kafkaLogins()).isTrue();
        assertThat(secured.toString()).contains("kafkaLogins=true");
    }

    @Test
    void overridesAreCopied() {
        Map<String, String> overrides = new HashMap<>(Map.of("a", "b"));
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.of("k:1").withKafkaClientOverrides(overrides);
        overrides.put("c", "d");
        assertThat(config.kafkaClientOverrides()).containsOnlyKeys("a");
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        SchemaRegistryServerConfig base = SchemaRegistryServerConfig.of("k:1");
        assertThatThrownBy(() -> SchemaRegistryServerConfig.of(" ")).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> base.withPort(70_000)).hasMessageContaining("port").hasMessageContaining("70000");
        assertThatThrownBy(() -> base.withTopic("bad/topic")).hasMessageContaining("bad/topic");
        assertThatThrownBy(() -> base.withTopic("..")).hasMessageContaining("topic");
        assertThatThrownBy(() -> base.withKafkaTimeout(Duration.ZERO)).hasMessageContaining("kafkaTimeout");
        assertThatThrownBy(() -> base.withKafkaTimeout(Duration.ofHours(1))).hasMessageContaining("kafkaTimeout");
        assertThatThrownBy(() -> base.withDefaultCompatibility(null)).hasMessageContaining("defaultCompatibility");
        assertThatThrownBy(() -> base.withHost("")).hasMessageContaining("host");
    }

    @Test
    void basicAuthUsersAreValidatedAndNoSecretIsPrinted() {
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.of("k:1")
                .withBasicAuthUsers(Map.of("agent", "user-s3cret"))
                .withKafkaClientOverrides(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a\" password=\"jaas-s3cret\";"))
                .withKeyStore(TlsStore.of(Path.of("/etc/registry.p12"), "store-s3cret").withKeyPassword("key-s3cret"));

        assertThat(config.requiresAuthentication()).isTrue();
        assertThat(config.withKafkaTimeout(Duration.ofSeconds(3)).keyStore()).as("withers keep the key store")
                .isEqualTo(config.keyStore());
        assertThat(SchemaRegistryServerConfig.of("k:1").requiresAuthentication()).isFalse();
        assertThat(config.toString()).contains("agent=[hidden]", "SASL_SSL", "sasl.jaas.config=[hidden]")
                .contains("/etc/registry.p12").doesNotContain("user-s3cret", "jaas-s3cret", "store-s3cret", "key-s3cret");
        assertThatThrownBy(() -> config.withBasicAuthUsers(Map.of("a:b", "x"))).hasMessageContaining("basicAuthUsers");
        assertThatThrownBy(() -> config.withBasicAuthUsers(Map.of("a", ""))).hasMessageContaining("password of 'a'");
    }
}
