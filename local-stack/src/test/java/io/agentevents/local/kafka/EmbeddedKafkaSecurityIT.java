package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A secured cluster on a data directory: users survive restarts, users added later are set, insecure data is refused. */
class EmbeddedKafkaSecurityIT {

    @Test
    void aRestartKeepsTheUsersAndSetsUsersAddedSince(@TempDir Path data) throws Exception {
        EmbeddedKafkaSecurity first = EmbeddedKafkaSecurity.saslPlaintext("platform", "admin-s3cret")
                .withUser("planner", "planner-s3cret");
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.singleNode().withDataDirectory(data);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(config.withSecurity(first))) {
            assertThat(clusterId(kafka, kafka.clientSecurity("planner", "planner-s3cret"))).isEqualTo(kafka.clusterId());
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(config.withSecurity(first.withUser("auditor", "auditor-s3cret")))) {
            assertThat(clusterId(kafka, kafka.clientSecurity("planner", "planner-s3cret"))).isEqualTo(kafka.clusterId());
            assertThat(clusterId(kafka, kafka.clientSecurity("auditor", "auditor-s3cret"))).isEqualTo(kafka.clusterId());
        }
    }

    @Test
    void aDirectoryFormattedWithoutUsersIsNotStartedSecured(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("cluster.properties"), "cluster.id=AAAAAAAAAAAAAAAAAAAAAA\nnodes=1\n");
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.singleNode().withDataDirectory(data)
                .withSecurity(EmbeddedKafkaSecurity.saslPlaintext("platform", "admin-s3cret"));

        assertThatThrownBy(() -> EmbeddedKafka.start(config))
                .isInstanceOf(LocalPlatformException.class)
                .hasMessageContaining(data.toString())
                .hasMessageContaining("formatted without SASL users");
    }

    private static String clusterId(EmbeddedKafka kafka, Map<String, String> security) throws Exception {
        Map<String, Object> props = new HashMap<>(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(props)) {
            return admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS);
        }
    }
}
