package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformConfig;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaSecurityTest {
    private static final EmbeddedKafkaSecurity SECURITY = EmbeddedKafkaSecurity.saslSsl("platform", "admin-s3cret")
            .withUser("planner", "planner-s3cret").withAcls(true);

    @Test
    void theAdminComesFirstAndIsTheSuperUser() {
        assertThat(SECURITY.allUsers()).containsExactly(Map.entry("platform", "admin-s3cret"),
                Map.entry("planner", "planner-s3cret"));
        assertThat(SECURITY.adminPrincipal()).isEqualTo("User:platform");
        assertThat(SECURITY.tls()).isTrue();
        assertThat(EmbeddedKafkaSecurity.saslPlaintext("a", "b").tls()).isFalse();
        assertThat(EmbeddedKafkaSecurity.saslPlaintext("a", "b").acls()).isFalse();
    }

    @Test
    void namesAndPasswordsThatCouldBreakTheFormatArgumentsOrJaasAreRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> EmbeddedKafkaSecurity.saslPlaintext("a,b", "pw")).hasMessageContaining("adminUser");
        assertThatThrownBy(() -> EmbeddedKafkaSecurity.saslPlaintext("a.b", "pw")).hasMessageContaining("adminUser");
        assertThatThrownBy(() -> EmbeddedKafkaSecurity.saslPlaintext("admin", "pa\"ss"))
                .hasMessageContaining("adminPassword").hasMessageNotContaining("pa\"ss");
        assertThatThrownBy(() -> SECURITY.withUser("x", "a,b")).hasMessageContaining("users[x]");
        assertThatThrownBy(() -> SECURITY.withUser("platform", "other")).hasMessageContaining("admin user");
        assertThat(SECURITY.withUser("agent.planner@team", "ok").users()).containsKey("agent.planner@team");
    }

    @Test
    void theNodeSettingsAuthenticateEveryListenerAndRunTheStandardAuthorizer() {
        SelfSignedTls tls = new SelfSignedTls(Path.of("k.p12"), Path.of("t.p12"), "store-s3cret");
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.singleNode().withSecurity(SECURITY);
        Map<String, Object> props = NodeSettings.brokerProperties(config, 1, 9092, 9093, "1@127.0.0.1:9093",
                Path.of("node-1"), java.util.Optional.of(tls));

        assertThat(props).containsEntry("listeners", "SASL_SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SASL_SSL")
                .containsEntry("inter.broker.listener.name", "SASL_SSL")
                .containsEntry("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512")
                .containsEntry("sasl.mechanism.controller.protocol", "PLAIN")
                .containsEntry("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN")
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("super.users", "User:platform")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("ssl.keystore.location", "k.p12");
        assertThat(NodeSettings.scramArguments(SECURITY)).isEqualTo(List.of(
                "SCRAM-SHA-512=[name=platform,password=admin-s3cret]", "SCRAM-SHA-512=[name=planner,password=planner-s3cret]"));
    }

    @Test
    void noConfigurationPrintsAPassword() {
        EmbeddedKafkaConfig kafka = EmbeddedKafkaConfig.singleNode().withSecurity(SECURITY)
                .withBrokerOverrides(Map.of("listener.name.x.ssl.key.password", "override-s3cret", "log.retention.ms", "1000"));
        LocalPlatformConfig platform = LocalPlatformConfig.onFreePorts().withSecurity(SECURITY);
        SelfSignedTls tls = new SelfSignedTls(Path.of("k.p12"), Path.of("t.p12"), "store-s3cret");

        for (String printed : List.of(SECURITY.toString(), kafka.toString(), platform.toString(), tls.toString())) {
            assertThat(printed).doesNotContain("admin-s3cret", "planner-s3cret", "override-s3cret", "store-s3cret");
        }
        assertThat(kafka.toString()).contains("log.retention.ms=1000", "platform", "planner", "SASL_SSL");
        assertThat(platform.toString()).contains("security=EmbeddedKafkaSecurity[protocol=SASL_SSL");
    }
}
