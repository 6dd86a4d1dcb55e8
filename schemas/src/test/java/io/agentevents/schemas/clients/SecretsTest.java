package io.agentevents.schemas.clients;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void secretSettingsAreRecognisedByName() {
        assertThat(Secrets.isSecretKey("sasl.jaas.config")).isTrue();
        assertThat(Secrets.isSecretKey("ssl.truststore.password")).isTrue();
        assertThat(Secrets.isSecretKey("ssl.key.password")).isTrue();
        assertThat(Secrets.isSecretKey("sasl.oauthbearer.token.endpoint.url")).isTrue();
        assertThat(Secrets.isSecretKey("sasl.client.callback.handler.secret")).isTrue();
        assertThat(Secrets.isSecretKey("ssl.keystore.key")).isTrue();
        assertThat(Secrets.isSecretKey("basic.auth.user.info.credential")).isTrue();

        assertThat(Secrets.isSecretKey("security.protocol")).isFalse();
        assertThat(Secrets.isSecretKey("sasl.mechanism")).isFalse();
        assertThat(Secrets.isSecretKey("ssl.truststore.location")).isFalse();
    }

    @Test
    void maskedKeepsNamesAndPublicValuesAndHidesSecretValues() {
        Map<String, String> masked = Secrets.masked(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a\" password=\"s3cret\";",
                "ssl.truststore.password", "s3cret"));

        assertThat(masked).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", Secrets.MASK)
                .containsEntry("ssl.truststore.password", Secrets.MASK);
        assertThat(masked.toString()).doesNotContain("s3cret");
    }

    @Test
    void userInfoInUrlsIsMasked() {
        assertThat(Secrets.maskUrls("http://agent:s3cret@a:8081,https://b:8081"))
                .isEqualTo("http://agent:[hidden]@a:8081,https://b:8081");
        assertThat(Secrets.maskUrls("https://token@a:8081/x")).isEqualTo("https://token:[hidden]@a:8081/x");
        assertThat(Secrets.maskUrls("http://a:8081")).isEqualTo("http://a:8081");
        assertThat(Secrets.maskUrls("mail me at a@b")).isEqualTo("mail me at a@b");
    }

    @Test
    void userInfoAndPasswordMapsAreMasked() {
        assertThat(Secrets.maskUserInfo(Optional.of("agent:s3cret"))).isEqualTo("agent:[hidden]");
        assertThat(Secrets.maskUserInfo(Optional.empty())).isEqualTo("none");
        assertThat(Secrets.maskedPasswords(Map.of("b", "s3cret", "a", "x")).toString())
                .isEqualTo("{a=[hidden], b=[hidden]}");
    }
}
