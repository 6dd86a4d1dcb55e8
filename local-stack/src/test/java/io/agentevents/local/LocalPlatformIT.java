package io.agentevents.local;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code eventbus local} runs: Kafka, the registry, the topics, the subject policy; kept across restarts. */
class LocalPlatformIT {

    @Test
    void startsProvisionsAndKeepsEverythingAcrossARestart(@TempDir Path data) throws Exception {
        LocalPlatformConfig config = LocalPlatformConfig.onFreePorts().withDataDirectory(data);
        int schemaId;
        try (LocalPlatform platform = LocalPlatform.start(config)) {
            assertThat(platform.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(platform.schemaRegistryUrl()).startsWith("http://127.0.0.1:");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
                var topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).containsAll(platform.topicLayout().domainTopics())
                        .containsAll(platform.topicLayout().deadLetterTopics())
                        .contains("events.plan", "events.plan.dlq", "events.context", "_schemas");
                TopicDescription plan = admin.describeTopics(List.of("events.plan")).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get("events.plan");
                assertThat(plan.partitions()).hasSize(3);
                var schemasConfig = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "_schemas")))
                        .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                assertThat(schemasConfig.get("cleanup.policy").value()).isEqualTo("compact");
            }
            try (SchemaRegistryClient client = client(platform)) {
                for (Domain domain : Domain.values()) {
                    assertThat(client.subjectCompatibility("events." + domain.wireName() + "-value"))
                            .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
                }
                schemaId = client.register("events.plan-value", AvroEventCodec.SCHEMA);
            }
        }

        try (LocalPlatform platform = LocalPlatform.start(config); SchemaRegistryClient client = client(platform)) {
            assertThat(client.schemaById(schemaId)).isEqualTo(AvroEventCodec.SCHEMA);
            assertThat(client.latest("events.plan-value").id()).isEqualTo(schemaId);
            assertThat(client.register("events.plan-value", AvroEventCodec.SCHEMA)).isEqualTo(schemaId);
            assertThat(client.subjectCompatibility("events.tool-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
            assertThat(client.versions("events.tool-value")).as("the contract, registered by the first start only")
                    .containsExactly(1);
            assertThat(client.latest("events.tool-value").schema()).isEqualTo(AvroEventCodec.CONTRACT_SCHEMA);
        }
    }

    private static SchemaRegistryClient client(LocalPlatform platform) {
        return new HttpSchemaRegistryClient(SchemaRegistryConfig.of(platform.schemaRegistryUrl()));
    }
}
