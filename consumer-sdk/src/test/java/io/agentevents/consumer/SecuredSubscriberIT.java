package io.agentevents.consumer;

import io.agentevents.local.LocalPlatform;
import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.local.testing.SecuredPlatform;
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
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@link EventSubscriber} on a secured platform (SASL_SSL with SCRAM-SHA-512, the standard
 * authorizer, a registry behind basic auth): {@code planner} emits with only WRITE on
 * {@code events.plan}, and {@code decider} receives with exactly the "subscriber service" ACL
 * template of docs/security.md, in the group it names. One single-node platform for the class.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecuredSubscriberIT {
    private static final String PLANNER_PASSWORD = "planner-s3cret";
    private static final String DECIDER_PASSWORD = "decider-s3cret";

    @RegisterExtension
    static final SecuredPlatform secured = SecuredPlatform.of(
            EmbeddedKafkaSecurity.saslSsl("platform", "platform-s3cret")
                    .withUser("planner", PLANNER_PASSWORD)
                    .withUser("decider", DECIDER_PASSWORD)
                    .withAcls(true),
            acls());

    /** WRITE (and DESCRIBE) on {@code events.plan} for planner; the subscriber service template for decider. */
    private static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>(List.of(
                allow("User:planner", ResourceType.TOPIC, "events.plan", AclOperation.WRITE),
                allow("User:planner", ResourceType.TOPIC, "events.plan", AclOperation.DESCRIBE)));
        acls.addAll(subscriberService("User:decider", "deciders", "events.plan"));
        return acls;
    }

    /**
     * The ACL template "a subscriber service" of docs/security.md: READ and DESCRIBE on the topics it
     * reads, READ on its group, WRITE and DESCRIBE on their dead-letter topics.
     */
    private static List<AclBinding> subscriberService(String principal, String group, String topic) {
        return List.of(
                allow(principal, ResourceType.TOPIC, topic, AclOperation.READ),
                allow(principal, ResourceType.TOPIC, topic, AclOperation.DESCRIBE),
                allow(principal, ResourceType.GROUP, group, AclOperation.READ),
                allow(principal, ResourceType.TOPIC, topic + ".dlq", AclOperation.WRITE),
                allow(principal, ResourceType.TOPIC, topic + ".dlq", AclOperation.DESCRIBE));
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return SecuredPlatform.allow(principal, type, name, PatternType.LITERAL, operation);
    }

    @Test
    void aSubscriberWithTheSubscriberTemplateReceivesOverSaslSslAndDeadLettersWhatFails() {
        LocalPlatform platform = secured.platform();
        assertThat(platform.kafka().securityProtocol()).isEqualTo("SASL_SSL");
        DomainEvent created = DomainEvent.builder(EventType.PLAN_CREATED).source("planner-1").planId("plan-secured").build();
        DomainEvent failed = DomainEvent.builder(EventType.PLAN_FAILED).source("planner-1").planId("plan-secured").build();
        KafkaEventBusConfig planner = KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withProvision(false)
                .withClientId("planner")
                .withKafkaSecurity(platform.kafkaSecurity("planner", PLANNER_PASSWORD))
                .withRegistryUserInfo("planner:" + PLANNER_PASSWORD);
        SubscriberConfig decider = SubscriberConfig.builder(platform.bootstrapServers(), platform.schemaRegistryUrl(), "deciders")
                .kafkaSecurity(platform.kafkaSecurity("decider", DECIDER_PASSWORD))
                .registryUserInfo("decider:" + DECIDER_PASSWORD)
                .retries(2, Duration.ofMillis(10), Duration.ofMillis(10)).build();
        Set<String> handled = ConcurrentHashMap.newKeySet();
        try (KafkaEventBus bus = KafkaEventBus.start(planner);
             EventSubscriber subscriber = EventSubscriber.builder(decider)
                     .on(EventType.PLAN_CREATED, (event, delivery) -> handled.add(event.eventId()))
                     .on(EventType.PLAN_FAILED, (event, delivery) -> {
                         throw new IllegalStateException("cannot decide on a failed plan");
                     })
                     .build().start()) {
            bus.emitAndWait(created, Duration.ofSeconds(10));
            bus.emitAndWait(failed, Duration.ofSeconds(10));

            await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.metrics().deadLettered() == 1 && !handled.isEmpty());
            assertThat(handled).containsExactly(created.eventId());
            assertThat(subscriber.state()).isEqualTo(EventSubscriber.State.RUNNING);
            assertThat(subscriber.isActive()).isTrue();
        }
    }
}
