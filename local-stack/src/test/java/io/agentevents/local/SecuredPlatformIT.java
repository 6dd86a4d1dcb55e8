package io.agentevents.local;

import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.registry.SchemaRegistryException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The platform secured: Kafka on SASL_PLAINTEXT with SCRAM-SHA-512 users bootstrapped at format
 * time and the standard authorizer, the registry behind basic auth with the same users. One
 * single-node platform for the whole class.
 */
class SecuredPlatformIT {
    private static final String ADMIN_PASSWORD = "admin-s3cret";
    private static final String AUDITOR_PASSWORD = "auditor-s3cret";
    private static LocalPlatform platform;

    @BeforeAll
    static void start() {
        platform = LocalPlatform.start(LocalPlatformConfig.onFreePorts().withSecurity(
                EmbeddedKafkaSecurity.saslPlaintext("platform", ADMIN_PASSWORD)
                        .withUser("auditor", AUDITOR_PASSWORD)
                        .withAcls(true)));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theAdminIsASuperUserAndTheTopicsWereProvisionedThroughTheSecuredListener() throws Exception {
        assertThat(platform.kafka().securityProtocol()).isEqualTo("SASL_PLAINTEXT");
        try (Admin admin = admin(platform.adminKafkaSecurity(), Duration.ofSeconds(30))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .contains("events.plan", "events.plan.dlq", "_schemas");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAtOnceNamingAuthentication() {
        long start = System.nanoTime();
        try (Admin admin = admin(platform.kafkaSecurity("auditor", "wrong-password"), Duration.ofSeconds(20))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("Authentication failed")
                    .hasMessageContaining("invalid credentials");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aClientWithoutCredentialsIsServedNothing() {
        try (Admin admin = admin(Map.of(), Duration.ofSeconds(3))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

    @Test
    void anAuthenticatedUserMayDoOnlyWhatAnAclAllows() throws Exception {
        Map<String, String> auditor = platform.kafkaSecurity("auditor", AUDITOR_PASSWORD);
        try (Admin asAuditor = admin(auditor, Duration.ofSeconds(20));
             Admin asAdmin = admin(platform.adminKafkaSecurity(), Duration.ofSeconds(20))) {
            assertThatThrownBy(() -> asAuditor.describeTopics(List.of("events.decision")).allTopicNames()
                    .get(20, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TopicAuthorizationException.class);
            assertThat(asAuditor.listTopics().names().get(20, TimeUnit.SECONDS)).isEmpty();

            asAdmin.createAcls(List.of(new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, "events.", PatternType.PREFIXED),
                    new AccessControlEntry("User:auditor", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW))))
                    .all().get(20, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(asAuditor.listTopics().names().get(20, TimeUnit.SECONDS))
                            .contains("events.plan", "events.decision")
                            .doesNotContain("_schemas"));
        }
    }

    @Test
    void theRegistryAnswers401WithConfluentsBodyAndAChallengeWithoutValidCredentials() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String authorization : new String[] {null, basic("auditor", "wrong"), basic("nobody", AUDITOR_PASSWORD),
                "Bearer abc", "Basic not-base64!"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.schemaRegistryUrl() + "/subjects"));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("status with %s", authorization).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                    assertThat(challenge).startsWith("Basic realm="));
            assertThat(response.headers().firstValue("Content-Type")).contains("application/vnd.schemaregistry.v1+json");
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.path("error_code").asInt()).isEqualTo(401);
            assertThat(body.path("message").asText()).isEqualTo("Unauthorized");
        }
        HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(
                        URI.create(platform.schemaRegistryUrl() + "/config/events.plan-value"))
                .header("Authorization", basic("auditor", AUDITOR_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("FULL_TRANSITIVE");
    }

    @Test
    void theRegistryClientAuthenticatesWithUserInfoAndAWrongPasswordIsAClearNonRetriableError() {
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Secured\",\"fields\":[]}");
        try (SchemaRegistryClient client = new HttpSchemaRegistryClient(
                SchemaRegistryConfig.of(platform.schemaRegistryUrl()).withBasicAuth("auditor:" + AUDITOR_PASSWORD))) {
            int id = client.register("secured-value", schema);
            assertThat(client.schemaById(id)).isEqualTo(schema);
        }
        String withUserInfo = platform.schemaRegistryUrl().replace("http://", "http://platform:" + ADMIN_PASSWORD + "@");
        try (SchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(withUserInfo))) {
            assertThat(client.subjects()).contains("secured-value");
            assertThat(client.subjectCompatibility("events.plan-value")).hasToString("FULL_TRANSITIVE");
        }
        try (SchemaRegistryClient client = new HttpSchemaRegistryClient(
                SchemaRegistryConfig.of(platform.schemaRegistryUrl()).withBasicAuth("auditor:wrong"))) {
            assertThatThrownBy(client::subjects)
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.retriable()).isFalse();
                    })
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("Unauthorized")
                    .hasMessageNotContaining("wrong");
        }
    }

    @Test
    void aUserAddedThroughKafkaAfterStartLogsInToTheRegistryWithItsKafkaPassword() throws Exception {
        String password = "latecomer-s3cret";
        try (Admin asAdmin = admin(platform.adminKafkaSecurity(), Duration.ofSeconds(20))) {
            asAdmin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("latecomer",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all().get(20, TimeUnit.SECONDS);
        }
        HttpClient http = HttpClient.newHttpClient();
        // the broker applies the new credential from the metadata log a moment after the call returns
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(get(http, "/subjects", basic("latecomer", password)).statusCode()).isEqualTo(200));
        try (SchemaRegistryClient client = new HttpSchemaRegistryClient(
                SchemaRegistryConfig.of(platform.schemaRegistryUrl()).withBasicAuth("latecomer:" + password))) {
            assertThat(client.subjectCompatibility("events.plan-value")).hasToString("FULL_TRANSITIVE");
        }
        assertThat(get(http, "/subjects", basic("latecomer", "wrong-password")).statusCode()).isEqualTo(401);
        assertThat(get(http, "/subjects", basic("never-added", password)).statusCode()).isEqualTo(401);
        assertThat(get(http, "/subjects", basic("latecomer", "with\"quote")).statusCode()).isEqualTo(401);
        // the configured users keep working, also without asking Kafka
        assertThat(get(http, "/subjects", basic("auditor", AUDITOR_PASSWORD)).statusCode()).isEqualTo(200);
    }

    /**
     * What docs/security.md tells a user to do: Kafka's ConfigCommand (in Kafka core, so in
     * eventbus.jar) adds a SCRAM user through the admin's client settings file; that user then logs
     * in to Kafka and to the registry. Run as its own JVM, as a user runs it.
     */
    @Test
    void kafkasConfigCommandAddsAUserWhoLogsInToKafkaAndToTheRegistry(@TempDir Path dir) throws Exception {
        String password = "planner-s3cret";
        Path adminSettings = dir.resolve("admin-client.properties");
        Properties props = new Properties();
        props.putAll(platform.adminKafkaSecurity());
        props.setProperty("bootstrap.servers", platform.bootstrapServers());
        try (var out = Files.newOutputStream(adminSettings)) {
            props.store(out, null);
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "kafka.admin.ConfigCommand",
                "--bootstrap-server", platform.bootstrapServers(), "--command-config", adminSettings.toString(),
                "--alter", "--add-config", "SCRAM-SHA-512=[password=" + password + "]",
                "--entity-type", "users", "--entity-name", "planner")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ConfigCommand finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Completed updating config for user planner.");

        try (Admin asPlanner = admin(platform.kafkaSecurity("planner", password), Duration.ofSeconds(20))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(asPlanner.describeCluster().nodes().get(20, TimeUnit.SECONDS)).isNotEmpty());
        }
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(get(http, "/subjects", basic("planner", password)).statusCode()).isEqualTo(200));
    }

    @Test
    void noPasswordAppearsInTheConfigurationsPrinted() {
        LocalPlatformConfig config = LocalPlatformConfig.onFreePorts().withSecurity(
                EmbeddedKafkaSecurity.saslSsl("platform", ADMIN_PASSWORD).withUser("auditor", AUDITOR_PASSWORD));
        assertThat(config.toString()).contains("platform", "auditor", "SASL_SSL")
                .doesNotContain(ADMIN_PASSWORD, AUDITOR_PASSWORD);
    }

    private static Admin admin(Map<String, String> security, Duration timeout) {
        Map<String, Object> props = new HashMap<>(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        return Admin.create(props);
    }

    private static HttpResponse<String> get(HttpClient http, String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(platform.schemaRegistryUrl() + path))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
