package io.agentevents.local.registry;

import io.agentevents.local.LocalPlatformException;
import io.agentevents.local.kafka.SelfSignedTls;
import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.connection.TlsStore;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.registry.SchemaRegistryException;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry over HTTPS: a client trusting the registry's certificate registers and reads a schema;
 * one without the trust store, or with a trust store of another certificate, is refused with an
 * error naming the TLS problem and the setting that fixes it; a plain-HTTP client gets no answer.
 */
@Timeout(120)
class EmbeddedSchemaRegistryTlsIT extends RegistryTestSupport {
    @TempDir
    static Path directory;
    static SelfSignedTls tls;
    static SelfSignedTls otherTls;

    private static final Schema SCHEMA = SchemaBuilder.record("Tls").namespace("io.agentevents.test").fields()
            .requiredString("name").endRecord();

    @BeforeAll
    static void makeCertificates() {
        tls = SelfSignedTls.generate(directory.resolve("registry"));
        otherTls = SelfSignedTls.generate(directory.resolve("other"));
    }

    @Test
    void aClientTrustingTheCertificateRegistersAndReadsOverHttps() {
        EmbeddedSchemaRegistry https = startRegistry(config().withKeyStore(tls.keyStoreSettings()));
        assertThat(https.url()).startsWith("https://127.0.0.1:");

        // as a --command-config file or a Confluent client configuration names the trust store
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(Map.of(
                SchemaRegistryConfig.URL, https.url(),
                SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION, tls.trustStore().toString(),
                SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD, tls.password(),
                SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE, "PKCS12"));
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config)) {
            String subject = subject();
            int id = client.register(subject, SCHEMA);
            assertThat(client.schemaById(id)).isEqualTo(SCHEMA);
            assertThat(client.latest(subject).id()).isEqualTo(id);
        }
        // and as the EVENTBUS_* variables name it
        SchemaRegistryConfig fromEnvironment = ConnectionSettings.fromEnvironment(Map.of(
                "EVENTBUS_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "EVENTBUS_SCHEMA_REGISTRY_URL", https.url(),
                "EVENTBUS_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", tls.trustStore().toString(),
                "EVENTBUS_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", tls.password())).registry();
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(fromEnvironment)) {
            assertThat(client.subjects()).isNotEmpty();
        }
    }

    @Test
    void aClientWithoutTheTrustStoreIsRefusedNamingTheTlsProblem() {
        EmbeddedSchemaRegistry https = startRegistry(config().withKeyStore(tls.keyStoreSettings()));
        SchemaRegistryConfig untrusting = SchemaRegistryConfig.of(https.url()).withConnectTimeout(Duration.ofSeconds(2));
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(untrusting)) {
            assertThatThrownBy(() -> client.register(subject(), SCHEMA))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("TLS handshake failed")
                    .hasMessageContaining(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION);
        }
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(untrusting.withTrustStore(otherTls.trustStoreSettings()))) {
            assertThatThrownBy(() -> client.subjects())
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("TLS handshake failed")
                    .hasMessageContaining("hold the registry's certificate")
                    .hasMessageNotContaining(tls.password());
        }
        String plain = https.url().replace("https://", "http://");
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(plain)
                .withRequestTimeout(Duration.ofSeconds(3)))) {
            assertThatThrownBy(() -> client.subjects()).isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("unreachable");
        }
    }

    @Test
    void aWrongKeyStorePasswordFailsTheStartNamingTheFile() {
        TlsStore wrong = TlsStore.of(tls.keyStore(), "not-the-password");
        assertThatThrownBy(() -> startRegistry(config().withKeyStore(wrong)))
                .isInstanceOf(LocalPlatformException.class)
                .hasMessageContaining(tls.keyStore().toString())
                .hasMessageNotContaining("not-the-password");
    }
}
