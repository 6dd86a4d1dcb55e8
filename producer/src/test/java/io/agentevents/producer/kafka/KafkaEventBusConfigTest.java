package io.agentevents.producer.kafka;

import io.agentevents.local.testing.SettingDocs;
import io.agentevents.schemas.connection.Setting;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaEventBusConfigTest {

    @Test
    void defaultsAreTheDocumentedProductionSettings() {
        KafkaEventBusConfig config = KafkaEventBusConfig.defaults("b:9092", "http://r:8081");
        assertThat(config.topics().prefix()).isEqualTo("events");
        assertThat(config.topics().partitions()).isEqualTo(6);
        assertThat(config.topics().replicationFactor()).isEqualTo((short) 3);
        assertThat(config.topics().minInSyncReplicas()).isEqualTo(2);
        assertThat(config.provision()).isTrue();
        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.deliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
        Map<String, Object> producer = config.producerProperties();
        assertThat(producer).containsEntry("enable.idempotence", true).containsEntry("acks", "all")
                .containsEntry("bootstrap.servers", "b:9092").containsEntry("compression.type", "gzip");
    }

    @Test
    void localUsesTheLocalTopicsAndAutoRegisters() {
        KafkaEventBusConfig config = KafkaEventBusConfig.local("b:9092", "http://r:8081");
        assertThat(config.topics().partitions()).isEqualTo(3);
        assertThat(config.topics().replicationFactor()).isEqualTo((short) 1);
        assertThat(config.autoRegisterSchemas()).isTrue();
    }

    @Test
    void propertiesAndEnvironmentGiveTheSameConfig() {
        Properties properties = new Properties();
        properties.setProperty("eventbus.bootstrap.servers", "k1:9092,k2:9092");
        properties.setProperty("eventbus.schema.registry.url", "https://registry:8081");
        properties.setProperty("eventbus.topic.prefix", "prod.events");
        properties.setProperty("eventbus.delivery.timeout.ms", "45000");
        properties.setProperty("eventbus.kafka.security.protocol", "SASL_SSL");
        properties.setProperty("eventbus.kafka.sasl.mechanism", "SCRAM-SHA-512");
        KafkaEventBusConfig fromProperties = KafkaEventBusConfig.fromProperties(properties);

        KafkaEventBusConfig fromEnvironment = KafkaEventBusConfig.fromEnvironment(Map.of(
                "EVENTBUS_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "EVENTBUS_SCHEMA_REGISTRY_URL", "https://registry:8081",
                "EVENTBUS_TOPIC_PREFIX", "prod.events",
                "EVENTBUS_DELIVERY_TIMEOUT_MS", "45000",
                "EVENTBUS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "EVENTBUS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "PATH", "/usr/bin"));

        assertThat(fromEnvironment).isEqualTo(fromProperties);
        assertThat(fromProperties.producerProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("delivery.timeout.ms", 45_000);
        assertThat(fromProperties.topics().topic(io.agentevents.schemas.Domain.PLAN)).isEqualTo("prod.events.plan");
    }

    @Test
    void aPropertiesFileCanBeLoaded(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = dir.resolve("bus.properties");
        Files.writeString(file, "eventbus.bootstrap.servers=k:9092\neventbus.schema.registry.url=http://r\neventbus.provision=false\n");
        assertThat(KafkaEventBusConfig.load(file).provision()).isFalse();
        assertThatThrownBy(() -> KafkaEventBusConfig.load(dir.resolve("missing.properties")))
                .hasMessageContaining("missing.properties");
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        assertThatThrownBy(() -> KafkaEventBusConfig.fromEnvironment(Map.of()))
                .hasMessage("EVENTBUS_BOOTSTRAP_SERVERS is required");
        assertThatThrownBy(() -> KafkaEventBusConfig.fromProperties(new Properties()))
                .hasMessage("eventbus.bootstrap.servers (EVENTBUS_BOOTSTRAP_SERVERS) is required");
        Properties typo = base();
        typo.setProperty("eventbus.delivery.timeout", "5");
        assertThatThrownBy(() -> KafkaEventBusConfig.fromProperties(typo)).hasMessageContaining("unknown setting 'eventbus.delivery.timeout'");
        Properties notANumber = base();
        notANumber.setProperty("eventbus.linger.ms", "soon");
        assertThatThrownBy(() -> KafkaEventBusConfig.fromProperties(notANumber)).hasMessageContaining("eventbus.linger.ms").hasMessageContaining("soon");
        Properties badBool = base();
        badBool.setProperty("eventbus.provision", "yes");
        assertThatThrownBy(() -> KafkaEventBusConfig.fromProperties(badBool)).hasMessageContaining("true or false");
        Properties badCompression = base();
        badCompression.setProperty("eventbus.compression.type", "brotli");
        assertThatThrownBy(() -> KafkaEventBusConfig.fromProperties(badCompression)).hasMessageContaining("brotli");
        Properties tooLongBlock = base();
        tooLongBlock.setProperty("eventbus.max.block.ms", "60000");
        assertThatThrownBy(() -> KafkaEventBusConfig.fromProperties(tooLongBlock)).hasMessageContaining("maxBlock");
        Properties negativeLinger = base();
        negativeLinger.setProperty("eventbus.linger.ms", "-1");
        assertThatThrownBy(() -> KafkaEventBusConfig.fromProperties(negativeLinger))
                .isInstanceOf(io.agentevents.schemas.connection.SettingException.class)
                .hasMessage("eventbus.linger.ms (EVENTBUS_LINGER_MS) must be at least 0, was '-1'");
        Properties badUserInfo = base();
        badUserInfo.setProperty("eventbus.schema.registry.basic.auth.user.info", "s3cret");
        assertThatThrownBy(() -> KafkaEventBusConfig.fromProperties(badUserInfo))
                .hasMessageContaining("eventbus.schema.registry.basic.auth.user.info").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> KafkaEventBusConfig.defaults("b:9092", "http://r:8081").withKafkaSecurity(Map.of("acks", "0")))
                .hasMessageContaining("'acks'");
        assertThatThrownBy(() -> KafkaEventBusConfig.defaults("b:9092", "http://r:8081").withDeliveryTimeout(Duration.ZERO))
                .hasMessageContaining("deliveryTimeout");
    }

    @Test
    void theConfigurationTableInTheDocsListsEverySettingWithItsDefault() throws IOException {
        SettingDocs.assertEveryRowIn("producing.md", Arrays.stream(KafkaEventBusSetting.values()).map(KafkaEventBusSetting::setting).toList(),
                Setting::propertiesTableRow);
        KafkaEventBusConfig defaults = KafkaEventBusConfig.defaults("b:9092", "http://r:8081");
        assertThat(defaults.clientId()).isEqualTo(KafkaEventBusSetting.CLIENT_ID.defaultValue());
        assertThat(defaults.linger().toMillis()).isEqualTo(Long.parseLong(KafkaEventBusSetting.LINGER_MS.defaultValue()));
    }

    private static Properties base() {
        Properties properties = new Properties();
        properties.setProperty("eventbus.bootstrap.servers", "k:9092");
        properties.setProperty("eventbus.schema.registry.url", "http://r:8081");
        return properties;
    }

    @Test
    void toStringAndTheStartLogLineNeverShowASecret() {
        KafkaEventBusConfig config = KafkaEventBusConfig.defaults("k:9092", "http://agent:url-s3cret@r:8081")
                .withRegistryUserInfo("agent:info-s3cret")
                .withKafkaSecurity(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"agent\" password=\"jaas-s3cret\";",
                        "ssl.truststore.password", "store-s3cret"));

        assertThat(config.toString())
                .contains("SASL_SSL", "SCRAM-SHA-512", "basicAuthUserInfo=Optional[[hidden]]", "sasl.jaas.config=[hidden]")
                .doesNotContain("url-s3cret", "info-s3cret", "jaas-s3cret", "store-s3cret");
    }
}
