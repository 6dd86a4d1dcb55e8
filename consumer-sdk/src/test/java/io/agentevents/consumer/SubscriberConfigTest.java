package io.agentevents.consumer;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberConfigTest {

    @Test
    void toStringNeverShowsASecret() {
        SubscriberConfig config = SubscriberConfig.defaults("k:9092", "http://agent:url-s3cret@r:8081", "reviewers")
                .withRegistryUserInfo("agent:info-s3cret")
                .withKafkaSecurity(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"agent\" password=\"jaas-s3cret\";",
                        "ssl.truststore.password", "store-s3cret"));

        assertThat(config.toString())
                .contains("reviewers", "SASL_SSL", "SCRAM-SHA-512", "agent:[hidden]", "sasl.jaas.config=[hidden]")
                .doesNotContain("url-s3cret", "info-s3cret", "jaas-s3cret", "store-s3cret");
    }

    @Test
    void registryCredentialsReachTheRegistryClient() {
        SubscriberConfig config = SubscriberConfig.defaults("k:9092", "http://r:8081", "g").withRegistryUserInfo("agent:pw");
        assertThat(config.registryConfig().basicAuthUserInfo()).contains("agent:pw");
    }
}
