package io.agentevents.streams.client;

import io.agentevents.local.testing.SettingDocs;
import io.agentevents.schemas.connection.Secret;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query client's settings: the file's names win over the variables, the token never prints, the docs table is complete. */
class QueryClientSettingsTest {

    @Test
    void theFileWinsOverTheEnvironmentAndTheTokenNeverPrints() {
        QueryClientSettings settings = QueryClientSettings.from(
                Map.of("query.token", "from-the-file-0123456789abcdef0123", "query.ssl.truststore.location", "/etc/q.p12",
                        "query.ssl.truststore.password", "store-pw"),
                Map.of("EVENTBUS_QUERY_TOKEN", "from-the-environment", "EVENTBUS_QUERY_URL", "https://q:8443",
                        "EVENTBUS_QUERY_SSL_TRUSTSTORE_TYPE", "jks"));
        assertThat(settings.token()).contains(Secret.of("from-the-file-0123456789abcdef0123"));
        assertThat(settings.url()).contains("https://q:8443");
        assertThat(settings.trustStore().orElseThrow().location()).isEqualTo(Path.of("/etc/q.p12"));
        assertThat(settings.trustStore().orElseThrow().type()).isEqualTo("JKS");
        assertThat(settings.toString()).doesNotContain("from-the-file").doesNotContain("store-pw");

        QueryClientSettings none = QueryClientSettings.from(Map.of(), Map.of());
        assertThat(none.token()).isEmpty();
        assertThat(none.trustStore()).isEmpty();
        assertThat(none.url()).isEmpty();
    }

    @Test
    void anUnreadableTrustStoreIsNamedWhenConnecting() {
        QueryClientSettings settings = QueryClientSettings.from(Map.of("query.ssl.truststore.location", "/no/such/store.p12",
                "query.ssl.truststore.password", "secret-pw"), Map.of());
        assertThatThrownBy(() -> settings.connect("https://127.0.0.1:1", java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/no/such/store.p12").hasMessageNotContaining("secret-pw");
    }

    @Test
    void securityMdDocumentsEverySetting() {
        SettingDocs.assertEveryRowIn("security.md", QueryClientSettings.ALL, setting -> setting.propertiesTableRow());
    }
}
