package io.agentevents.local.registry;

import static io.agentevents.local.registry.RegistryHttp.V1_JSON;
import static io.agentevents.local.registry.RegistryHttp.field;
import static io.agentevents.local.registry.RegistryHttp.record;
import static io.agentevents.local.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentevents.local.registry.RegistryHttp.Reply;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Bad input gets a 4xx with Confluent's error body, never a 500 or a hang, and changes nothing. */
class EmbeddedSchemaRegistryBadInputIT extends RegistryTestSupport {
    private static final String GOOD = record("R", field("a", "int"));

    @Test
    void malformedJsonIs400() {
        String subject = subject();
        for (String body : List.of("{", "{\"schema\":", "{'schema': 1}", "{\"schema\":\"\\\"int\\\"\"} trailing",
                "{\"schema\":\"\\\"int\\\"\"}{}", "\u0000\u0001", "nul")) {
            assertConfluentError(http.send("POST", "/subjects/" + subject + "/versions", body, V1_JSON), 400, 400);
            assertConfluentError(http.send("PUT", "/config", body, V1_JSON), 400, 400);
            assertConfluentError(http.send("POST", "/compatibility/subjects/" + subject + "/versions", body, V1_JSON),
                    400, 400);
        }
        assertThat(http.get("/subjects").json()).isEmpty();
    }

    @Test
    void jsonThatIsNotASchemaRequestIs422() {
        String subject = subject();
        for (String body : List.of("", "[]", "1", "\"schema\"", "null", "{}", "{\"schema\":null}", "{\"schema\":7}",
                "{\"schema\":[\"int\"]}", "{\"schema\":\"\"}", "{\"schema\":\"   \"}", "{\"Schema\":\"\\\"int\\\"\"}",
                "{\"schema\":\"{\\\"type\\\":\\\"enum\\\",\\\"name\\\":\\\"E\\\",\\\"symbols\\\":[1]}\"}",
                "{\"schema\":\"[\\\"null\\\",\\\"null\\\"]\"}", "{\"schema\":\"\\\"int\\\"\",\"references\":\"x\"}",
                "{\"schema\":\"\\\"int\\\"\",\"schemaType\":7}")) {
            assertConfluentError(http.send("POST", "/subjects/" + subject + "/versions", body, V1_JSON), 422, 42201);
            assertConfluentError(http.send("POST", "/subjects/" + subject, body, V1_JSON), 422, 42201);
        }
        for (String body : List.of("", "[]", "{}", "{\"compatibility\":null}", "{\"compatibility\":\"FULLISH\"}",
                "{\"compatibility\":[\"FULL\"]}")) {
            assertConfluentError(http.send("PUT", "/config", body, V1_JSON), 422, 42203);
            assertConfluentError(http.send("PUT", "/config/" + subject, body, V1_JSON), 422, 42203);
        }
        assertThat(http.get("/subjects").json()).isEmpty();
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void deeplyNestedOrHugeInputIsRefusedCleanly() {
        String subject = subject();
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        assertConfluentError(http.send("POST", "/subjects/" + subject + "/versions", deep, V1_JSON), 400, 400);
        assertConfluentError(http.register(subject, "[".repeat(5_000) + "]".repeat(5_000)), 422, 42201);

        String huge = "{\"schema\":\"" + "x".repeat(HttpFront.MAX_BODY_BYTES) + "\"}";
        assertConfluentError(http.send("POST", "/subjects/" + subject + "/versions", huge, V1_JSON), 413, 413);
        assertConfluentError(http.send("PUT", "/config", huge, V1_JSON), 413, 413);

        // just under the limit is fine: a record with a long doc string
        String bigDoc = "{\"type\":\"record\",\"name\":\"R\",\"doc\":\"" + "d".repeat(900_000)
                + "\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
        Reply big = http.register(subject, bigDoc);
        assertThat(big.status()).as(big.text().substring(0, Math.min(300, big.text().length()))).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethods() {
        for (String path : List.of("/nope", "/subjects/a/b/c/d/e", "/schemas", "/schemas/ids", "/config/a/b",
                "/compatibility", "/subjects/a/versions/1/schema/x", "/mode/x")) {
            assertConfluentError(http.get(path), 404, 404);
        }
        Reply wrongMethod = http.send("PATCH", "/subjects", null, null);
        assertConfluentError(wrongMethod, 405, 405);
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).contains("GET");
        assertConfluentError(http.send("POST", "/schemas/ids/1", "{}", V1_JSON), 405, 405);
        assertConfluentError(http.send("PUT", "/subjects/x/versions", "{}", V1_JSON), 405, 405);
        assertConfluentError(http.delete("/schemas/types"), 405, 405);
        // escapes that are well-formed but do not decode to UTF-8 (malformed escapes such as %zz
        // never get past the JDK server's own URI check, which answers a plain 400 itself)
        assertConfluentError(http.send("GET", "/subjects/%C3%28/versions", null, null), 400, 400);
        assertConfluentError(http.send("GET", "/subjects/%FF", null, null), 400, 400);
    }

    @Test
    void requestContentTypesAreThoseConfluentAccepts() {
        for (String type : List.of(V1_JSON, "application/vnd.schemaregistry+json", "application/json",
                "application/octet-stream", "application/json; charset=utf-8")) {
            String subject = subject();
            Reply reply = http.send("POST", "/subjects/" + subject + "/versions", schemaBody(GOOD).toString(), type);
            assertThat(reply.status()).as(type + ": " + reply.text()).isEqualTo(200);
        }
        Reply noType = http.send("POST", "/subjects/" + subject() + "/versions", schemaBody(GOOD).toString(), null);
        assertThat(noType.status()).isEqualTo(200);
        assertConfluentError(http.send("POST", "/subjects/" + subject() + "/versions", schemaBody(GOOD).toString(),
                "text/plain"), 415, 415);
        assertConfluentError(http.send("PUT", "/config", "compatibility=FULL", "application/x-www-form-urlencoded"),
                415, 415);
    }

    @Test
    void badPathValuesAreConfluentErrors() {
        String subject = subject();
        http.register(subject, GOOD);
        for (String version : List.of("0", "-5", "latest2", "1e3", "%20", "9999999999")) {
            assertConfluentError(http.get("/subjects/" + subject + "/versions/" + version), 422, 42202);
            assertConfluentError(http.get("/subjects/" + subject + "/versions/" + version + "/schema"), 422, 42202);
            assertConfluentError(http.delete("/subjects/" + subject + "/versions/" + version), 422, 42202);
        }
        for (String id : List.of("x", "1.5", "-3", "0", "99999999999", "%20")) {
            assertConfluentError(http.get("/schemas/ids/" + id), 404, 40403);
        }
        assertConfluentError(http.get("/subjects/%01/versions"), 422, 42208);
        assertConfluentError(http.get("/subjects/%0A/versions/1"), 422, 42208);
        assertThat(http.get("/subjects/" + subject + "/versions").text()).isEqualTo("[1]");
    }

    @Test
    void manyBadRequestsNeverGive500() {
        String subject = subject();
        http.register(subject, GOOD);
        List<String> bodies = List.of("", "{", "[]", "{}", "{\"schema\":1}", "{\"schema\":\"x\"}",
                "{\"compatibility\":\"x\"}", "\"\\ud800\"", "{\"schema\":\"\\\"int\\\"\",\"schemaType\":\"JSON\"}");
        List<String> paths = List.of("/subjects/" + subject, "/subjects/" + subject + "/versions",
                "/compatibility/subjects/" + subject + "/versions", "/compatibility/subjects/" + subject + "/versions/1",
                "/config", "/config/" + subject, "/subjects/%FF", "/schemas/ids/1");
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
            for (String path : paths) {
                for (String body : bodies) {
                    boolean withBody = !method.equals("GET") && !method.equals("DELETE");
                    Reply reply = http.send(method, path, withBody ? body : null, withBody ? V1_JSON : null);
                    assertThat(reply.status()).as(method + " " + path + " " + body + ": " + reply.text())
                            .isLessThan(500);
                    if (reply.status() >= 400) {
                        assertThat(reply.errorCode()).as(reply.text()).isPositive();
                    }
                }
            }
        }
    }
}
