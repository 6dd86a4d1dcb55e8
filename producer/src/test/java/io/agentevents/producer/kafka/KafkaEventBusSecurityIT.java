package io.agentevents.producer.kafka;

import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.local.testing.SecuredPlatform;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link KafkaEventBus} against a secured platform: SASL_SSL with SCRAM-SHA-512 (a self-signed
 * certificate made at start), the standard authorizer, and a registry behind basic auth. The
 * agent {@code planner} gets the documented "agent producing domain plan" ACL template
 * (docs/security.md): write {@code events.plan} and its dead-letter topic, read {@code events.plan}
 * with groups prefixed by its client id. One single-node platform for the class.
 */
class KafkaEventBusSecurityIT {
    private static final String ADMIN_PASSWORD = "platform-s3cret";
    private static final String PLANNER_PASSWORD = "planner-s3cret";
    private static final Duration FAST = Duration.ofSeconds(10);

    @RegisterExtension
    static final SecuredPlatform secured = SecuredPlatform.of(
            EmbeddedKafkaSecurity.saslSsl("platform", ADMIN_PASSWORD).withUser("planner", PLANNER_PASSWORD).withAcls(true),
            agentProducingDomain("User:planner", "plan", "planner"));

    /**
     * The ACL template "agent producing domain X" of docs/security.md: WRITE and DESCRIBE on
     * {@code events.X} and {@code events.X.dlq}; READ on {@code events.X} and on the consumer groups
     * prefixed with the agent's client id (the groups of its {@code EventSubscriber}s, if it subscribes too).
     */
    static List<AclBinding> agentProducingDomain(String principal, String domain, String clientId) {
        String topic = "events." + domain;
        List<AclBinding> acls = new ArrayList<>();
        for (String written : List.of(topic, topic + ".dlq")) {
            acls.add(SecuredPlatform.allow(principal, ResourceType.TOPIC, written, PatternType.LITERAL, AclOperation.WRITE));
            acls.add(SecuredPlatform.allow(principal, ResourceType.TOPIC, written, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        acls.add(SecuredPlatform.allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
        acls.add(SecuredPlatform.allow(principal, ResourceType.GROUP, clientId, PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    private static KafkaEventBusConfig planner(Map<String, String> kafkaSecurity) {
        return KafkaEventBusConfig.local(secured.platform().bootstrapServers(), secured.platform().schemaRegistryUrl())
                .withProvision(false)           // topics are the administrator's; planner may not create them
                .withClientId("planner")
                .withDeliveryTimeout(Duration.ofSeconds(5))
                .withKafkaSecurity(kafkaSecurity)
                .withRegistryUserInfo("planner:" + PLANNER_PASSWORD);
    }

    private static DomainEvent event(EventType type) {
        return DomainEvent.builder(type).source("planner-1").planId("plan-secured").build();
    }

    /** Emits an event of {@code type}, asserting it fails within {@link #FAST}, and returns the failure to assert on. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertEmitFailsWithinFast(KafkaEventBus bus, EventType type) {
        long started = System.nanoTime();
        Throwable failure = catchThrowable(() -> bus.emitAndWait(event(type), FAST));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAST);
        return assertThat(failure).isNotNull();
    }

    /** Receiving over SASL_SSL is the consumer SDK's: {@code SecuredSubscriberIT} there. */
    @Test
    void theRightUserEmitsEndToEndOverSaslSsl() {
        assertThat(secured.platform().kafka().securityProtocol()).isEqualTo("SASL_SSL");
        try (KafkaEventBus bus = KafkaEventBus.start(planner(secured.platform().kafkaSecurity("planner", PLANNER_PASSWORD)))) {
            DomainEvent created = event(EventType.PLAN_CREATED);
            EmitResult landed = bus.emitAndWait(created, FAST);

            assertThat(landed.topic()).isEqualTo("events.plan");
            assertThat(landed.eventId()).isEqualTo(created.eventId());
        }
    }

    @Test
    void anAclDeniesAnotherDomainWithAClearErrorAndTheBusCarriesOn() {
        try (KafkaEventBus bus = KafkaEventBus.start(planner(secured.platform().kafkaSecurity("planner", PLANNER_PASSWORD)))) {
            assertEmitFailsWithinFast(bus, EventType.DECISION_CREATED)
                    .isInstanceOfSatisfying(EmitException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("(decision.created) not emitted to events.decision")
                    .hasMessageContaining("not authorized to write topic events.decision")
                    .hasMessageContaining("TopicAuthorizationException");

            assertThat(bus.emitAndWait(event(EventType.PLAN_STARTED), FAST).topic()).isEqualTo("events.plan");
        }
    }

    @Test
    void aWrongPasswordFailsTheEmitQuicklyNamingAuthentication() {
        try (KafkaEventBus bus = KafkaEventBus.start(planner(secured.platform().kafkaSecurity("planner", "wrong-password")))) {
            assertEmitFailsWithinFast(bus, EventType.PLAN_CREATED)
                    .isInstanceOfSatisfying(EmitException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("authentication failed")
                    .hasMessageContaining("SaslAuthenticationException")
                    .hasMessageNotContaining("wrong-password");
        }
    }

    @Test
    void aClientWithoutCredentialsFailsWithinItsBoundSayingSecurityMayBeMissing() {
        KafkaEventBusConfig config = planner(Map.of()).withDeliveryTimeout(Duration.ofSeconds(3));
        try (KafkaEventBus bus = KafkaEventBus.start(config)) {
            assertEmitFailsWithinFast(bus, EventType.PLAN_CREATED)
                    .isInstanceOf(EmitException.class)
                    .hasMessageContaining("not present in metadata")
                    .hasMessageContaining("no security.protocol is configured")
                    .hasMessageContaining("eventbus.kafka.security.protocol");
        }
    }

    @Test
    void withoutTheRegistryPasswordTheEmitFailsNamingHttp401() {
        KafkaEventBusConfig config = KafkaEventBusConfig.local(secured.platform().bootstrapServers(), secured.platform().schemaRegistryUrl())
                .withProvision(false)
                .withClientId("planner")
                .withKafkaSecurity(secured.platform().kafkaSecurity("planner", PLANNER_PASSWORD));
        try (KafkaEventBus bus = KafkaEventBus.start(config)) {
            assertThatThrownBy(() -> bus.emitAndWait(event(EventType.PLAN_CREATED), FAST))
                    .isInstanceOfSatisfying(EmitException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("Unauthorized");
        }
    }

    @Test
    void theBusConfigurationPrintsNoSecret() {
        KafkaEventBusConfig config = planner(secured.platform().kafkaSecurity("planner", PLANNER_PASSWORD));
        assertThat(config.toString()).contains("SASL_SSL", "basicAuthUserInfo=Optional[[hidden]]", "sasl.jaas.config=[hidden]")
                .doesNotContain(PLANNER_PASSWORD)
                .doesNotContain(secured.platform().kafkaSecurity("planner", PLANNER_PASSWORD).get("ssl.truststore.password"));
    }
}
