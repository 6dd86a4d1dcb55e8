package io.agentevents.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentevents.schemas.codec.AvroEventCodec;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The HTTP client against a canned Confluent registry: requests, answers, errors, caching, timeouts. */
class HttpSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = AvroEventCodec.SCHEMA;
    private static final Schema SMALL = SchemaBuilder.record("Small").namespace("test").fields()
            .requiredString("name").endRecord();
    private static final String SUBJECT = "events.plan-value";

    private StubRegistry stub;
    private HttpSchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        stub = new StubRegistry();
        client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(stub.url())
                .withConnectTimeout(Duration.ofSeconds(2)).withRequestTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    @Test
    void registerPostsTheSchemaTextWithTheRegistryMediaTypeAndAnswersTheId() throws IOException {
        stub.on("POST /subjects/events.plan-value/versions", 200, "{\"id\": 7}");

        assertThat(client.register(SUBJECT, SCHEMA)).isEqualTo(7);

        StubRegistry.Request request = stub.lastRequest();
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Authorization")).isNull();
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("schema");
        assertThat(new Schema.Parser().parse(body.get("schema").asText())).isEqualTo(SCHEMA);
        assertThat(body.get("schema").asText()).as("the full text, docs and defaults kept").isEqualTo(SCHEMA.toString());
    }

    @Test
    void registerAndLookupAreCachedPerSubjectAndSchemaAndPrimeTheIdCache() {
        stub.on("POST /subjects/events.plan-value/versions", 200, "{\"id\": 7}")
                .on("POST /subjects/events.tool-value/versions", 200, "{\"id\": 7}");

        client.register(SUBJECT, SCHEMA);
        client.register(SUBJECT, SCHEMA);
        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(stub.requests()).hasSize(1);

        client.register("events.tool-value", SCHEMA);
        assertThat(stub.requests()).as("another subject asks again").hasSize(2);
    }

    @Test
    void lookupParsesTheRegisteredVersion() throws IOException {
        stub.on("POST /subjects/events.plan-value", 200, registered(SUBJECT, 7, 3, SMALL));

        RegisteredSchema found = client.lookup(SUBJECT, SMALL);

        assertThat(found).isEqualTo(new RegisteredSchema(SUBJECT, 7, 3, SMALL));
        assertThat(JSON.readTree(stub.lastRequest().body()).get("schema").asText()).isEqualTo(SMALL.toString());
        assertThat(client.lookup(SUBJECT, SMALL)).isEqualTo(found);
        assertThat(client.register(SUBJECT, SMALL)).as("a looked-up schema is registered: same id").isEqualTo(7);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void schemaByIdIsFetchedOnceThenServedFromTheCache() {
        stub.on("GET /schemas/ids/42", 200, schemaOnly(SMALL));

        assertThat(client.schemaById(42)).isEqualTo(SMALL);
        assertThat(client.schemaById(42)).isEqualTo(SMALL);

        assertThat(stub.requests()).extracting(StubRegistry.Request::route).containsExactly("GET /schemas/ids/42");
    }

    @Test
    void failuresAreNotCached() {
        stub.on("GET /schemas/ids/42", 500, "{\"error_code\": 50001, \"message\": \"Error in the backend data store\"}");
        assertThatThrownBy(() -> client.schemaById(42)).isInstanceOf(SchemaRegistryException.class);

        stub.on("GET /schemas/ids/42", 200, schemaOnly(SMALL));
        assertThat(client.schemaById(42)).isEqualTo(SMALL);
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void subjectsAreEncodedAsOnePathSegment() {
        String subject = "my topic/é?-value";
        String encoded = "my%20topic%2F%C3%A9%3F-value";
        stub.on("GET /subjects/" + encoded + "/versions", 200, "[1, 2]");

        assertThat(client.versions(subject)).containsExactly(1, 2);
        assertThat(stub.lastRequest().path()).isEqualTo("/subjects/" + encoded + "/versions");
        assertThat(stub.lastRequest().query()).isNull();
    }

    @Test
    void listingCallsParseTheirAnswers() {
        stub.on("GET /subjects", 200, "[\"events.plan-value\", \"events.tool-value\"]")
                .on("GET /subjects/events.plan-value/versions", 200, "[1, 2, 3]")
                .on("GET /subjects/events.plan-value/versions/2", 200, registered(SUBJECT, 5, 2, SMALL))
                .on("GET /subjects/events.plan-value/versions/latest", 200, registered(SUBJECT, 9, 3, SCHEMA));

        assertThat(client.subjects()).containsExactly("events.plan-value", "events.tool-value");
        assertThat(client.versions(SUBJECT)).containsExactly(1, 2, 3);
        assertThat(client.version(SUBJECT, 2)).isEqualTo(new RegisteredSchema(SUBJECT, 5, 2, SMALL));
        assertThat(client.latest(SUBJECT)).isEqualTo(new RegisteredSchema(SUBJECT, 9, 3, SCHEMA));
        assertThat(stub.requests()).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.body()).isEmpty();
        });
        assertThatThrownBy(() -> client.version(SUBJECT, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
    }

    @Test
    void testCompatibilityAsksVerboselyAgainstTheLatestVersion() throws IOException {
        stub.on("POST /compatibility/subjects/events.plan-value/versions/latest?verbose=true", 200,
                "{\"is_compatible\": false, \"messages\": [\"READER_FIELD_MISSING_DEFAULT_VALUE: name\", \"{oldSchemaVersion: 1}\"]}");

        CompatibilityResult result = client.testCompatibility(SUBJECT, SMALL);

        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE: name", "{oldSchemaVersion: 1}");
        assertThat(JSON.readTree(stub.lastRequest().body()).get("schema").asText()).isEqualTo(SMALL.toString());

        stub.on("POST /compatibility/subjects/events.plan-value/versions/latest?verbose=true", 200, "{\"is_compatible\": true}");
        assertThat(client.testCompatibility(SUBJECT, SMALL)).isEqualTo(CompatibilityResult.ofCompatible());
    }

    @Test
    void compatibilityLevelsAreReadAndSetGloballyAndPerSubject() throws IOException {
        stub.on("GET /config", 200, "{\"compatibilityLevel\": \"BACKWARD\"}")
                .on("PUT /config", 200, "{\"compatibility\": \"FULL\"}")
                .on("GET /config/events.plan-value?defaultToGlobal=true", 200, "{\"compatibilityLevel\": \"FULL_TRANSITIVE\"}")
                .on("PUT /config/events.plan-value", 200, "{\"compatibility\": \"FULL_TRANSITIVE\"}");

        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        assertThat(stub.lastRequest().header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(JSON.readTree(stub.lastRequest().body())).isEqualTo(JSON.readTree("{\"compatibility\": \"FULL\"}"));

        assertThat(client.subjectCompatibility(SUBJECT)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        client.setSubjectCompatibility(SUBJECT, CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(JSON.readTree(stub.lastRequest().body()))
                .isEqualTo(JSON.readTree("{\"compatibility\": \"FULL_TRANSITIVE\"}"));
        assertThat(stub.requests()).extracting(StubRegistry.Request::route).containsExactly(
                "GET /config", "PUT /config",
                "GET /config/events.plan-value?defaultToGlobal=true", "PUT /config/events.plan-value");
    }

    @Test
    void basicAuthCredentialsGoInTheAuthorizationHeader() {
        stub.on("GET /subjects", 200, "[]");
        try (HttpSchemaRegistryClient authed = new HttpSchemaRegistryClient(
                SchemaRegistryConfig.of(stub.url()).withBasicAuth("agent:s3cret"))) {
            authed.subjects();
        }
        // base64("agent:s3cret")
        assertThat(stub.lastRequest().header("Authorization")).isEqualTo("Basic YWdlbnQ6czNjcmV0");
    }

    @Test
    void anErrorAnswerBecomesAnExceptionWithStatusCodeSubjectAndServerMessage() {
        stub.on("POST /subjects/events.plan-value", 404,
                "{\"error_code\": 40401, \"message\": \"Subject 'events.plan-value' not found.\"}");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.lookup(SUBJECT, SMALL));

        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertThat(e.subject()).contains(SUBJECT);
        assertThat(e.retriable()).isFalse();
        assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.REJECTED);
        assertThat(e.notFound()).isTrue();
        assertThat(e).hasMessageContainingAll(stub.url(), "POST /subjects/events.plan-value", SUBJECT,
                "HTTP 404", "40401", "Subject 'events.plan-value' not found.");
    }

    /** 40901 is Confluent's current code ({@link SchemaRegistryException#INCOMPATIBLE_SCHEMA}); older registries answered 409. */
    @ParameterizedTest
    @ValueSource(ints = {SchemaRegistryException.INCOMPATIBLE_SCHEMA, 409})
    void anIncompatibleSchemaIsRefusedWithConfluentsCurrentCode40901OrAnOlderRegistrys409(int code) {
        assertThat(SchemaRegistryException.INCOMPATIBLE_SCHEMA).isEqualTo(40901);
        stub.on("POST /subjects/events.plan-value/versions", 409,
                "{\"error_code\": " + code + ", \"message\": \"Schema being registered is incompatible with an earlier schema\"}");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.register(SUBJECT, SMALL));

        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.incompatible()).isTrue();
        assertThat(e.retriable()).isFalse();
        assertThat(e).hasMessageContaining("incompatible with an earlier schema");
    }

    @Test
    void serverErrorsAreRetriable() {
        stub.on("GET /schemas/ids/3", 500, "{\"error_code\": 50001, \"message\": \"Error in the backend data store\"}")
                .on("GET /schemas/ids/4", 503, "<html>Service Unavailable</html>");

        SchemaRegistryException store = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(3));
        assertThat(store.errorCode()).isEqualTo(SchemaRegistryException.STORE_ERROR);
        assertThat(store.retriable()).isTrue();
        assertThat(store.subject()).isEmpty();

        SchemaRegistryException proxy = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(4));
        assertThat(proxy.httpStatus()).isEqualTo(503);
        assertThat(proxy.errorCode()).isZero();
        assertThat(proxy.retriable()).isTrue();
        assertThat(proxy).hasMessageContaining("Service Unavailable");
    }

    @Test
    void anAnswerThatCannotBeUnderstoodIsABadResponse() {
        stub.on("GET /schemas/ids/5", 200, "this is not json")
                .on("GET /schemas/ids/6", 200, "{\"schema\": \"syntax = 'proto3';\", \"schemaType\": \"PROTOBUF\"}")
                .on("GET /schemas/ids/8", 200, "{\"schema\": \"{\\\"type\\\": \\\"nonsense\\\"}\"}")
                .on("POST /subjects/events.plan-value/versions", 200, "{\"identifier\": 1}");

        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(5)))
                .hasMessageContaining("not JSON").extracting(SchemaRegistryException::kind)
                .isEqualTo(SchemaRegistryException.Kind.BAD_RESPONSE);
        assertThatThrownBy(() -> client.schemaById(6)).hasMessageContaining("PROTOBUF");
        assertThatThrownBy(() -> client.schemaById(8)).hasMessageContaining("does not parse");
        SchemaRegistryException noId = catchThrowableOfType(SchemaRegistryException.class, () -> client.register(SUBJECT, SMALL));
        assertThat(noId).hasMessageContainingAll("id", SUBJECT);
        assertThat(noId.retriable()).isFalse();
    }

    @Test
    void aClosedPortFailsFastNamingTheAddress() throws IOException {
        int port = closedPort();
        Duration timeout = Duration.ofSeconds(2);
        try (HttpSchemaRegistryClient down = new HttpSchemaRegistryClient(SchemaRegistryConfig.of("http://127.0.0.1:" + port)
                .withConnectTimeout(timeout).withRequestTimeout(timeout))) {
            long start = System.nanoTime();
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> down.register(SUBJECT, SMALL));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(timeout.plus(timeout));
            assertThat(e).hasMessageStartingWith("schema registry http://127.0.0.1:" + port + " unreachable: connection refused")
                    .hasMessageContaining(SUBJECT);
            assertThat(e.httpStatus()).isZero();
            assertThat(e.errorCode()).isZero();
            assertThat(e.retriable()).isTrue();
            assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNREACHABLE);
            assertThat(e.getCause()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aRegistryThatNeverAnswersTimesOutWithinTheRequestTimeout() {
        stub.hang("GET /schemas/ids/1");
        Duration requestTimeout = Duration.ofMillis(300);
        try (HttpSchemaRegistryClient slow = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(stub.url())
                .withConnectTimeout(Duration.ofSeconds(1)).withRequestTimeout(requestTimeout))) {
            long start = System.nanoTime();
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> slow.schemaById(1));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isGreaterThanOrEqualTo(requestTimeout).isLessThan(Duration.ofSeconds(5));
            assertThat(e).hasMessageContainingAll(stub.url(), "unreachable", "no answer within 300 ms", "GET /schemas/ids/1");
            assertThat(e.retriable()).isTrue();
        }
    }

    @Test
    void anUnreachableUrlIsSkippedForTheNextOne() throws IOException {
        String dead = "http://127.0.0.1:" + closedPort();
        stub.on("GET /subjects", 200, "[\"a\"]");
        try (HttpSchemaRegistryClient failover = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(dead + "," + stub.url()))) {
            assertThat(failover.subjects()).containsExactly("a");
            assertThat(failover.subjects()).containsExactly("a");
        }
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void whenEveryUrlIsUnreachableTheMessageNamesEachOne() throws IOException {
        String first = "http://127.0.0.1:" + closedPort();
        String second = "http://127.0.0.1:" + closedPort();
        try (HttpSchemaRegistryClient down = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(first + "," + second))) {
            assertThatThrownBy(down::subjects).isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContainingAll(first + " (connection refused)", second + " (connection refused)", "GET /subjects");
        }
    }

    @Test
    void aClosedClientRefusesCalls() {
        client.close();
        client.close();
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aBaseUrlWithAPathPrefixAndTrailingSlashIsKept() {
        stub.on("GET /registry/subjects", 200, "[]");
        try (HttpSchemaRegistryClient prefixed = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(stub.url() + "/registry/"))) {
            assertThat(prefixed.subjects()).isEmpty();
        }
        assertThat(stub.lastRequest().path()).isEqualTo("/registry/subjects");
    }

    private static String registered(String subject, int id, int version, Schema schema) {
        ObjectNode node = JSON.createObjectNode().put("subject", subject).put("id", id).put("version", version)
                .put("schema", schema.toString());
        return node.toString();
    }

    private static String schemaOnly(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    /** A port nothing listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
