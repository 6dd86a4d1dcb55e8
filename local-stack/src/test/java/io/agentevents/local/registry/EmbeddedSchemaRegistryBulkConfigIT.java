package io.agentevents.local.registry;

import io.agentevents.schemas.registry.CompatibilityLevel;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Setting the level of many subjects at once: one write, visible at once, nothing written when already set. */
@Timeout(120)
class EmbeddedSchemaRegistryBulkConfigIT extends RegistryTestSupport {

    @Test
    void setsEverySubjectInOneWriteAndWritesNothingWhenTheyAreSetAlready() throws Exception {
        Map<String, CompatibilityLevel> levels = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            levels.put(subject(), i % 2 == 0 ? CompatibilityLevel.FULL_TRANSITIVE : CompatibilityLevel.BACKWARD);
        }

        registry.setSubjectCompatibility(levels);

        levels.forEach((subject, level) -> assertThat(http.get("/config/" + subject).json().get("compatibilityLevel")
                .asText()).as(subject).isEqualTo(level.name()));
        long afterFirst = endOffset();
        // one transaction: 11 config records and one commit marker
        assertThat(afterFirst).isEqualTo(levels.size() + 1);

        registry.setSubjectCompatibility(levels);
        assertThat(endOffset()).as("nothing written for levels already set").isEqualTo(afterFirst);

        String changed = levels.keySet().iterator().next();
        registry.setSubjectCompatibility(Map.of(changed, CompatibilityLevel.NONE));
        assertThat(http.get("/config/" + changed).json().get("compatibilityLevel").asText()).isEqualTo("NONE");

        EmbeddedSchemaRegistry restarted = startRegistry(config());
        assertThat(new RegistryHttp(restarted.url()).get("/config/" + changed).json().get("compatibilityLevel").asText())
                .as("kept in the topic").isEqualTo("NONE");
    }

    @Test
    void aClosedRegistryRefuses() {
        registry.close();
        assertThatThrownBy(() -> registry.setSubjectCompatibility(Map.of(subject(), CompatibilityLevel.FULL)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private long endOffset() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(30, TimeUnit.SECONDS).offset();
        }
    }
}
