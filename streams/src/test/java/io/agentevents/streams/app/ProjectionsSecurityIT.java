package io.agentevents.streams.app;

import io.agentevents.local.LocalPlatform;
import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.local.testing.SecuredPlatform;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projections application runs under the "projections app" ACL template of docs/security.md
 * and nothing more: on a SASL_PLAINTEXT platform with the standard authorizer, user
 * {@code projections} may read the domain topics, create and write the {@code projections.*}
 * output topics, do anything to topics, groups and transactional ids prefixed with its
 * application id, and nothing else. The registry is reached with credentials in its URL.
 */
class ProjectionsSecurityIT {
    private static final String ADMIN_PASSWORD = "platform-s3cret";
    private static final String PROJECTIONS_PASSWORD = "projections-s3cret";
    private static final String APPLICATION_ID = "secured-projections";

    @RegisterExtension
    static final SecuredPlatform secured = SecuredPlatform.of(
            EmbeddedKafkaSecurity.saslPlaintext("platform", ADMIN_PASSWORD).withUser("projections", PROJECTIONS_PASSWORD).withAcls(true),
            projectionsApp("User:projections", "events", APPLICATION_ID));

    /**
     * The ACL template "projections app" of docs/security.md: READ and DESCRIBE on the domain topics
     * (prefix {@code <topic prefix>.}), CREATE, WRITE and DESCRIBE on the output topics (prefix
     * {@code projections.}), ALL on internal topics (prefix = application id), READ on the consumer
     * group and WRITE and DESCRIBE on the transactional ids (both prefix = application id, for
     * {@code exactly_once_v2}).
     */
    static List<AclBinding> projectionsApp(String principal, String topicPrefix, String applicationId) {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
            acls.add(allow(principal, ResourceType.TOPIC, topicPrefix + ".", operation));
        }
        for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(allow(principal, ResourceType.TOPIC, "projections.", operation));
        }
        acls.add(allow(principal, ResourceType.TOPIC, applicationId, AclOperation.ALL));
        acls.add(allow(principal, ResourceType.GROUP, applicationId, AclOperation.READ));
        for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, applicationId, operation));
        }
        return acls;
    }

    private static AclBinding allow(String principal, ResourceType type, String prefix, AclOperation operation) {
        return SecuredPlatform.allow(principal, type, prefix, PatternType.PREFIXED, operation);
    }

    @Test
    void theProjectionsRunUnderTheirTemplateAndFoldWhatTheAdminEmits() {
        LocalPlatform platform = secured.platform();
        ProjectionsConfig config = ProjectionsConfig.defaults(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withRegistryUserInfo("projections:" + PROJECTIONS_PASSWORD)
                .withApplicationId(APPLICATION_ID)
                .withTopics(platform.topicLayout())
                .withHttpPort(0)
                .withReplicationFactor(1)
                .withKafkaSecurity(platform.kafkaSecurity("projections", PROJECTIONS_PASSWORD));
        assertThat(config.toString()).doesNotContain(PROJECTIONS_PASSWORD);

        KafkaEventBusConfig busConfig = KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withProvision(false)
                .withKafkaSecurity(platform.adminKafkaSecurity())
                .withRegistryUserInfo(platform.registryUserInfo().orElseThrow());
        try (KafkaEventBus bus = KafkaEventBus.start(busConfig);
             ProjectionsApp app = ProjectionsApp.start(config)) {
            DomainEvent created = DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId("secured-plan")
                    .rootPlanId("secured-plan").build();
            bus.emitAndWait(created);
            EmitResult last = bus.emitAndWait(DomainEvent.builder(EventType.PLAN_STARTED).source("planner")
                    .planId("secured-plan").causedBy(created).build());

            String waitFor = last.topic() + "-" + last.partition() + ":" + last.offset();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                ApiClient.Answer plan = ApiClient.get(app.url() + "/plans/secured-plan?waitFor=" + waitFor + "&waitMs=10000");
                assertThat(plan.status()).as("body %s", plan.body()).isEqualTo(200);
                assertThat(plan.body().at("/plan/status").asText()).isEqualTo("running");
            });
            assertThat(app.state().isRunningOrRebalancing()).isTrue();
        }
    }
}
