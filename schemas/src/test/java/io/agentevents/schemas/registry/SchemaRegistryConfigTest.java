package io.agentevents.schemas.registry;

import io.agentevents.schemas.connection.Secret;

import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaRegistryConfigTest {

    @Test
    void ofTakesCommaSeparatedUrlsWithTheDefaults() {
        SchemaRegistryConfig config = SchemaRegistryConfig.of(" http://a:8081 , https://b:8081/registry ");

        assertThat(config.urls()).containsExactly(URI.create("http://a:8081"), URI.create("https://b:8081/registry"));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.basicAuthUserInfo()).isEmpty();
        assertThat(config.cacheCapacity()).isEqualTo(1000);
    }

    @Test
    void credentialsInAUrlMoveToBasicAuthAndAreNeverPrinted() {
        SchemaRegistryConfig config = SchemaRegistryConfig.of("http://agent:s3cret@a:8081");

        assertThat(config.urls()).containsExactly(URI.create("http://a:8081"));
        assertThat(config.basicAuthUserInfo()).contains(Secret.of("agent:s3cret"));
        assertThat(config.toString()).contains("[hidden]").doesNotContain("s3cret");
    }

    @Test
    void confluentPropertyNamesAreRead() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(Map.of(
                SchemaRegistryConfig.URL, "http://a:8081,http://b:8081",
                SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SchemaRegistryConfig.BASIC_AUTH_USER_INFO, new Password("agent:s3cret"),
                SchemaRegistryConfig.CONNECT_TIMEOUT_MS, 1500,
                SchemaRegistryConfig.REQUEST_TIMEOUT_MS, "2500",
                SchemaRegistryConfig.CACHE_CAPACITY, "50",
                "bootstrap.servers", "ignored:9092"));

        assertThat(config).isEqualTo(new SchemaRegistryConfig(
                List.of(URI.create("http://a:8081"), URI.create("http://b:8081")),
                Duration.ofMillis(1500), Duration.ofMillis(2500), Optional.of(Secret.of("agent:s3cret")), 50));
        assertThat(SchemaRegistryConfig.URL).isEqualTo("schema.registry.url");
        assertThat(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE).isEqualTo("basic.auth.credentials.source");
        assertThat(SchemaRegistryConfig.BASIC_AUTH_USER_INFO).isEqualTo("basic.auth.user.info");
    }

    @Test
    void theUrlSourceTakesCredentialsFromTheUrlAndAListOfUrlsIsAccepted() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(Map.of(
                SchemaRegistryConfig.URL, List.of("http://u:p@a:8081", "http://b:8081"),
                SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "ignored:when-source-is-url"));

        assertThat(config.urls()).containsExactly(URI.create("http://a:8081"), URI.create("http://b:8081"));
        assertThat(config.basicAuthUserInfo()).contains(Secret.of("u:p"));
    }

    @Test
    void badPropertiesAreNamed() {
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("schema.registry.url: required");
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(SchemaRegistryConfig.URL, "http://a:8081",
                SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT")))
                .hasMessageContainingAll("basic.auth.credentials.source", "SASL_INHERIT");
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(SchemaRegistryConfig.URL, "http://a:8081",
                SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO")))
                .hasMessageStartingWith("basic.auth.user.info: required");
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(SchemaRegistryConfig.URL, "http://a:8081",
                SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "no-colon-secret")))
                .hasMessageStartingWith("basic.auth.user.info: must be 'user:password'")
                .hasMessageNotContaining("no-colon-secret");
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(SchemaRegistryConfig.URL, "http://a:8081",
                SchemaRegistryConfig.CONNECT_TIMEOUT_MS, "soon")))
                .hasMessage("schema.registry.connect.timeout.ms: not a whole number: 'soon'");
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(SchemaRegistryConfig.URL, "http://a:8081",
                SchemaRegistryConfig.REQUEST_TIMEOUT_MS, 0)))
                .hasMessage("schema.registry.request.timeout.ms: must be at least 1, got 0");
    }

    @Test
    void theCompactConstructorNamesTheBadField() {
        Duration second = Duration.ofSeconds(1);
        List<URI> ok = List.of(URI.create("http://a:8081"));
        assertThatThrownBy(() -> new SchemaRegistryConfig(List.of(), second, second, Optional.empty(), 1))
                .hasMessageStartingWith("urls:");
        assertThatThrownBy(() -> SchemaRegistryConfig.of("ftp://a:21"))
                .hasMessageStartingWith("urls[0]: must be an http or https URL");
        assertThatThrownBy(() -> SchemaRegistryConfig.of("a:8081"))
                .hasMessageStartingWith("urls[0]: must be an http or https URL");
        assertThatThrownBy(() -> SchemaRegistryConfig.of(" , "))
                .hasMessageStartingWith("urls: no URL");
        assertThatThrownBy(() -> SchemaRegistryConfig.of("http://a:8081?x=1"))
                .hasMessageContaining("query");
        assertThatThrownBy(() -> new SchemaRegistryConfig(ok, Duration.ZERO, second, Optional.empty(), 1))
                .hasMessageStartingWith("connectTimeout: must be positive");
        assertThatThrownBy(() -> new SchemaRegistryConfig(ok, second, second.negated(), Optional.empty(), 1))
                .hasMessageStartingWith("requestTimeout: must be positive");
        assertThatThrownBy(() -> new SchemaRegistryConfig(ok, second, second, Optional.empty(), 0))
                .hasMessageStartingWith("cacheCapacity: must be at least 1");
        assertThatThrownBy(() -> SchemaRegistryConfig.of("http://a:8081").withBasicAuth(":nouser"))
                .hasMessageStartingWith("basicAuthUserInfo:");
        assertThatThrownBy(() -> new SchemaRegistryConfig(null, second, second, Optional.empty(), 1))
                .isInstanceOf(NullPointerException.class).hasMessage("urls");
    }

    @Test
    void withersReturnChangedCopies() {
        SchemaRegistryConfig base = SchemaRegistryConfig.of("http://a:8081");
        SchemaRegistryConfig changed = base.withConnectTimeout(Duration.ofMillis(100))
                .withRequestTimeout(Duration.ofMillis(200)).withCacheCapacity(5).withBasicAuth("u:p");

        assertThat(base.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(changed).isEqualTo(new SchemaRegistryConfig(base.urls(), Duration.ofMillis(100),
                Duration.ofMillis(200), Optional.of(Secret.of("u:p")), 5));
    }
}
