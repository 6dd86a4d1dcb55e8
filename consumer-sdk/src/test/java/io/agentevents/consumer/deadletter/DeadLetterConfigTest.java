package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.schemas.Domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterConfigTest {
    private final DeadLetterConfig config = DeadLetterConfig.defaults("k:9092", "http://r:8081");

    @Test
    void defaultsAndTopics() {
        assertThat(config.topicPrefix()).isEqualTo("events");
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.deadLetterTopic(Domain.TOOL)).isEqualTo("events.tool.dlq");
        assertThat(config.topic(Domain.TOOL)).isEqualTo("events.tool");
        assertThat(config.withTopicPrefix("t1").domainOfDeadLetterTopic("t1.plan.dlq")).contains(Domain.PLAN);
        assertThat(config.domainOfDeadLetterTopic("t1.plan.dlq")).isEmpty();
        assertThat(config.domainOfDeadLetterTopic("events.plan")).isEmpty();
    }

    @Test
    void followsASubscribersSettings() {
        SubscriberConfig subscriber = SubscriberConfig.builder("a:1", "http://b:2", "g").topicPrefix("p")
                .kafkaSecurity(Map.of("security.protocol", "SSL")).build();
        DeadLetterConfig of = DeadLetterConfig.of(subscriber);
        assertThat(of.connection()).isSameAs(subscriber.connection());
        assertThat(of.topicPrefix()).isEqualTo("p");
        assertThat(of.consumerProperties("c")).containsEntry("security.protocol", "SSL");
    }

    @Test
    void theReaderHasNoGroupAndTheReplayerIsIdempotentWithAcksAll() {
        Map<String, Object> consumer = config.consumerProperties("c");
        assertThat(consumer).doesNotContainKey("group.id").containsEntry("enable.auto.commit", false)
                .containsEntry("bootstrap.servers", "k:9092");
        Map<String, Object> producer = config.withReplayTimeout(Duration.ofSeconds(4)).producerProperties("p");
        assertThat(producer).containsEntry("enable.idempotence", true).containsEntry("acks", "all")
                .containsEntry("max.in.flight.requests.per.connection", 5).containsEntry("delivery.timeout.ms", 4_000);
        assertThat((int) producer.get("request.timeout.ms") + (int) producer.get("linger.ms"))
                .isLessThanOrEqualTo(4_000);
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> DeadLetterConfig.defaults(" ", "http://r")).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> DeadLetterConfig.defaults("k:9092", null)).hasMessageContaining("schemaRegistryUrls");
        assertThatThrownBy(() -> config.withTopicPrefix("bad prefix")).hasMessageContaining("bad prefix");
        assertThatThrownBy(() -> config.withReadTimeout(Duration.ZERO)).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> config.withReplayTimeout(Duration.ofMillis(500))).hasMessageContaining("replayTimeout");
        assertThatThrownBy(() -> config.withKafkaSecurity(Map.of("acks", "0"))).hasMessageContaining("acks");
        assertThat(config.withRegistryUserInfo("u:p").connection().registry().basicAuthUserInfo())
                .isEqualTo(Optional.of(io.agentevents.schemas.connection.Secret.of("u:p")));
    }

    @Test
    void toStringNeverShowsASecret() {
        DeadLetterConfig config = DeadLetterConfig.defaults("k:9092", "http://agent:url-s3cret@r:8081")
                .withRegistryUserInfo("agent:info-s3cret")
                .withKafkaSecurity(java.util.Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"agent\" password=\"jaas-s3cret\";"));

        assertThat(config.toString()).contains("SASL_SSL", "basicAuthUserInfo=Optional[[hidden]]", "sasl.jaas.config=[hidden]")
                .doesNotContain("url-s3cret", "info-s3cret", "jaas-s3cret");
    }
}
