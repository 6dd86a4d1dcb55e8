package io.agentevents.consumer;

import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.Secret;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriberConfigTest {

    @Test
    void toStringNeverShowsASecret() {
        SubscriberConfig config = SubscriberConfig.builder("k:9092", "http://agent:url-s3cret@r:8081", "reviewers")
                .registryUserInfo("agent:info-s3cret")
                .kafkaSecurity(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"agent\" password=\"jaas-s3cret\";",
                        "ssl.truststore.password", "store-s3cret")).build();

        assertThat(config.toString())
                .contains("reviewers", "SASL_SSL", "SCRAM-SHA-512", "basicAuthUserInfo=Optional[[hidden]]", "sasl.jaas.config=[hidden]")
                .doesNotContain("url-s3cret", "info-s3cret", "jaas-s3cret", "store-s3cret");
    }

    @Test
    void registryCredentialsReachTheRegistryClient() {
        SubscriberConfig config = SubscriberConfig.builder("k:9092", "http://r:8081", "g").registryUserInfo("agent:pw").build();
        assertThat(config.connection().registry().basicAuthUserInfo()).contains(Secret.of("agent:pw"));
    }

    @Test
    void theBuilderStartsFromTheDefaultsAndBuildsAnImmutableValue() {
        SubscriberConfig.Builder builder = SubscriberConfig.builder(ClusterConnection.of("k:9092", "http://r:8081"), "g");
        SubscriberConfig defaults = builder.build();
        assertThat(defaults).isEqualTo(SubscriberConfig.defaults("k:9092", "http://r:8081", "g"));
        assertThat(defaults.topicPrefix()).isEqualTo("events");
        assertThat(defaults.maxConcurrency()).isEqualTo(1);
        assertThat(defaults.maxAttempts()).isEqualTo(3);
        assertThat(defaults.failureStrategy()).isEqualTo(FailureStrategy.DEAD_LETTER);
        assertThat(defaults.maxBufferedRecords()).isEqualTo(1_000);
        assertThat(defaults.revokeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.deadLetterPolicy()).isEqualTo(DeadLetterPolicy.WRITE);
        assertThat(defaults.commitOffsets()).isTrue();
        SubscriberConfig viewer = defaults.toBuilder().deadLetterPolicy(DeadLetterPolicy.SKIP).commitOffsets(false).build();
        assertThat(viewer.toBuilder().build()).isEqualTo(viewer).isNotEqualTo(defaults);
        assertThat(viewer.toString()).contains("deadLetterPolicy=SKIP", "commitOffsets=false");

        SubscriberConfig wide = builder.maxConcurrency(500).topicPrefix("agents").build();
        assertThat(wide.maxBufferedRecords()).as("at least 4 records per handler slot").isEqualTo(2_000);
        assertThat(defaults.maxConcurrency()).as("a built config does not change with its builder").isEqualTo(1);
        assertThat(wide.toBuilder().maxConcurrency(1).build().maxBufferedRecords()).isEqualTo(1_000);
        assertThat(wide.toBuilder().build()).isEqualTo(wide);
        assertThat(wide.consumerProperties("c")).containsEntry("bootstrap.servers", "k:9092").containsEntry("group.id", "g");
    }

    @Test
    void buildNamesTheBadField() {
        SubscriberConfig.Builder builder = SubscriberConfig.builder("k:9092", "http://r:8081", "g");
        assertThatThrownBy(() -> SubscriberConfig.builder("k:9092", "http://r:8081", " ").build()).hasMessage("groupId is required");
        assertThatThrownBy(() -> builder.maxConcurrency(8).maxBufferedRecords(4).build())
                .hasMessage("maxBufferedRecords must be at least 8, was 4");
        assertThatThrownBy(() -> SubscriberConfig.builder("k:9092", "http://r:8081", "g").commitInterval(Duration.ZERO).build())
                .hasMessageContaining("commitInterval");
        assertThatThrownBy(() -> SubscriberConfig.builder("k:9092", "http://r:8081", "g").failureStrategy(null).build())
                .hasMessageContaining("failureStrategy");
        assertThatThrownBy(() -> SubscriberConfig.builder("kafka", "http://r:8081", "g")).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> SubscriberConfig.builder("k:9092", "http://r:8081", "g").deadLetterPolicy(null).build())
                .hasMessageContaining("deadLetterPolicy");
    }

    @Test
    void staticMembershipAndTheSessionTimeoutReachTheConsumer() {
        SubscriberConfig defaults = SubscriberConfig.defaults("k:9092", "http://r:8081", "g");
        assertThat(defaults.instanceId()).as("dynamic membership by default").isEmpty();
        assertThat(defaults.sessionTimeout()).as("Kafka's default").isEqualTo(Duration.ofSeconds(45));
        assertThat(defaults.consumerProperties("c")).doesNotContainKey("group.instance.id")
                .containsEntry("session.timeout.ms", 45_000);

        SubscriberConfig named = defaults.toBuilder().instanceId("deciders-1").sessionTimeout(Duration.ofSeconds(10)).build();
        assertThat(named.consumerProperties("c")).containsEntry("group.instance.id", "deciders-1")
                .containsEntry("session.timeout.ms", 10_000);
        assertThat(named.toBuilder().build()).isEqualTo(named).isNotEqualTo(defaults);
        assertThat(named.toString()).contains("instanceId=deciders-1", "sessionTimeout=PT10S");

        assertThatThrownBy(() -> defaults.toBuilder().instanceId(" ").build()).hasMessageContaining("instanceId");
        assertThatThrownBy(() -> defaults.toBuilder().sessionTimeout(Duration.ofSeconds(1)).build())
                .hasMessage("sessionTimeout must be 6000..1800000 ms (the brokers' default bounds), was 1000 ms");
        assertThatThrownBy(() -> defaults.toBuilder().sessionTimeout(null).build()).hasMessageContaining("sessionTimeout");
    }
}
