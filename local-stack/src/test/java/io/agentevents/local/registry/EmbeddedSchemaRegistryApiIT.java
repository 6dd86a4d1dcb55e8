package io.agentevents.local.registry;

import static io.agentevents.local.registry.RegistryHttp.encode;
import static io.agentevents.local.registry.RegistryHttp.field;
import static io.agentevents.local.registry.RegistryHttp.fieldWithDefault;
import static io.agentevents.local.registry.RegistryHttp.json;
import static io.agentevents.local.registry.RegistryHttp.record;
import static io.agentevents.local.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentevents.local.registry.RegistryHttp.Reply;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

/** Every endpoint: status, JSON body and Confluent's error codes. */
class EmbeddedSchemaRegistryApiIT extends RegistryTestSupport {
    private static final String V1 = record("Order", field("id", "string"));
    private static final String V2 = record("Order", field("id", "string"), fieldWithDefault("qty", "int", "0"));

    private static void assertOk(Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.contentType()).contains(RegistryHttp.V1_JSON);
    }

    private static void assertError(Reply reply, int status, int errorCode) {
        assertConfluentError(reply, status, errorCode);
        assertThat(reply.json().size()).as("only error_code and message").isEqualTo(2);
    }

    private static String canonical(String avro) {
        return new Schema.Parser().parse(avro).toString();
    }

    /** A new subject holding these schemas as versions 1, 2, ... */
    private String subjectWith(String... versions) {
        String subject = subject();
        for (String avro : versions) {
            register(subject, avro);
        }
        return subject;
    }

    private int register(String subject, String avro) {
        Reply reply = http.register(subject, avro);
        assertOk(reply);
        return reply.json().get("id").asInt();
    }

    @Test
    void rootAndSchemaTypes() {
        Reply root = http.get("/");
        assertOk(root);
        assertThat(root.text()).isEqualTo("{}");
        Reply types = http.get("/schemas/types");
        assertOk(types);
        assertThat(types.text()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void registerThenReadEveryWay() {
        String subject = subject();
        Reply registered = http.register(subject, V1);
        assertOk(registered);
        assertThat(registered.text()).isEqualTo("{\"id\":1}");

        assertThat(http.get("/subjects").json()).containsExactly(RegistryHttp.parse("\"" + subject + "\""));
        assertThat(http.get("/subjects/" + subject + "/versions").text()).isEqualTo("[1]");
        for (String version : List.of("1", "latest", "-1")) {
            Reply got = http.get("/subjects/" + subject + "/versions/" + version);
            assertOk(got);
            assertThat(got.json()).isEqualTo(json("subject", subject).put("version", 1).put("id", 1)
                    .put("schema", canonical(V1)));
            assertThat(got.text()).startsWith("{\"subject\":");
        }
        Reply raw = http.get("/subjects/" + subject + "/versions/1/schema");
        assertOk(raw);
        assertThat(raw.text()).isEqualTo(canonical(V1));

        Reply byId = http.get("/schemas/ids/1");
        assertOk(byId);
        assertThat(byId.json()).isEqualTo(json("schema", canonical(V1)));
        assertThat(http.get("/schemas/ids/1/schema").text()).isEqualTo(canonical(V1));
        assertThat(http.get("/schemas/ids/1/versions").json())
                .isEqualTo(RegistryHttp.parse("[{\"subject\":\"" + subject + "\",\"version\":1}]"));
        assertThat(http.get("/schemas/ids/1/subjects").json()).isEqualTo(RegistryHttp.parse("[\"" + subject + "\"]"));
        assertThat(http.get("/subjects/" + subject + "/versions/1/referencedby").text()).isEqualTo("[]");
    }

    @Test
    void identicalSchemaIsIdempotentEvenWhenFormattedDifferently() {
        String subject = subject();
        int id = register(subject, V1);
        String reformatted = "{ \"fields\" : [ { \"type\" : \"string\", \"name\" : \"id\" } ],\n  \"name\":\"Order\",\n"
                + "  \"type\" : \"record\" }";
        assertThat(register(subject, reformatted)).isEqualTo(id);
        assertThat(http.get("/subjects/" + subject + "/versions").text()).isEqualTo("[1]");
    }

    @Test
    void sameSchemaUnderAnotherSubjectSharesTheIdWithItsOwnVersion() {
        String first = subject();
        String second = subject();
        register(first, V1);
        int v2 = register(first, V2);
        int shared = register(second, V2);
        assertThat(shared).isEqualTo(v2).isEqualTo(2);
        assertThat(http.get("/subjects/" + second + "/versions/latest").json().get("version").asInt()).isEqualTo(1);
        assertThat(http.get("/schemas/ids/2/versions").json()).hasSize(2);
        int fresh = register(second, record("Order", field("id", "string"), fieldWithDefault("qty", "int", "0"),
                fieldWithDefault("note", "string", "\"\"")));
        assertThat(fresh).isEqualTo(3);
        assertThat(http.get("/subjects/" + second + "/versions").text()).isEqualTo("[1,2]");
    }

    @Test
    void lookupFindsTheVersionHoldingASchema() {
        String subject = subjectWith(V1, V2);
        Reply found = http.post("/subjects/" + subject, schemaBody(V1));
        assertOk(found);
        assertThat(found.json().get("subject").asText()).isEqualTo(subject);
        assertThat(found.json().get("id").asInt()).isEqualTo(1);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(found.json().get("schema").asText()).isEqualTo(canonical(V1));

        assertError(http.post("/subjects/" + subject(), schemaBody(V1)), 404, 40401);
        assertError(http.post("/subjects/" + subject, schemaBody(record("Nope", field("n", "int")))), 404, 40403);
    }

    @Test
    void unknownSubjectsVersionsAndIdsAreConfluentErrors() {
        String subject = subject();
        register(subject, V1);
        assertError(http.get("/subjects/" + subject() + "/versions"), 404, 40401);
        assertError(http.get("/subjects/" + subject() + "/versions/1"), 404, 40401);
        assertError(http.get("/subjects/" + subject() + "/versions/latest"), 404, 40401);
        assertError(http.get("/subjects/" + subject + "/versions/2"), 404, 40402);
        assertError(http.get("/subjects/" + subject + "/versions/2/schema"), 404, 40402);
        for (String bad : List.of("0", "-2", "abc", "1.0", "2147483648")) {
            Reply reply = http.get("/subjects/" + subject + "/versions/" + bad);
            assertError(reply, 422, 42202);
            assertThat(reply.message()).contains(bad).contains("latest");
        }
        assertError(http.get("/schemas/ids/99"), 404, 40403);
        assertError(http.get("/schemas/ids/99/versions"), 404, 40403);
        assertError(http.get("/schemas/ids/abc"), 404, 40403);
        assertError(http.get("/schemas/ids/0"), 404, 40403);
        assertError(http.get("/schemas/ids/-1"), 404, 40403);
    }

    @Test
    void softDeletingASubjectHidesItButKeepsItsIds() {
        String subject = subjectWith(V1, V2);
        Reply deleted = http.delete("/subjects/" + subject);
        assertOk(deleted);
        assertThat(deleted.text()).isEqualTo("[1,2]");

        assertThat(http.get("/subjects").json()).isEmpty();
        assertThat(http.get("/subjects?deleted=true").json()).hasSize(1);
        assertError(http.get("/subjects/" + subject + "/versions"), 404, 40401);
        assertThat(http.get("/subjects/" + subject + "/versions?deleted=true").text()).isEqualTo("[1,2]");
        assertOk(http.get("/subjects/" + subject + "/versions/1?deleted=true"));
        assertError(http.get("/subjects/" + subject + "/versions/1"), 404, 40401);
        assertOk(http.get("/schemas/ids/1"));
        assertOk(http.get("/schemas/ids/2"));
        assertThat(http.get("/schemas/ids/1/versions").json()).isEmpty();
        assertThat(http.get("/schemas/ids/1/versions?deleted=true").json()).hasSize(1);
        assertOk(http.post("/subjects/" + subject + "?deleted=true", schemaBody(V1)));
        assertError(http.post("/subjects/" + subject, schemaBody(V1)), 404, 40401);

        assertError(http.delete("/subjects/" + subject), 404, 40404);
        assertError(http.delete("/subjects/" + subject()), 404, 40401);
        assertError(http.delete("/subjects/" + subject + "?permanent=true"), 422, 42205);

        // registering again keeps the id and continues the version numbers
        assertThat(register(subject, V1)).isEqualTo(1);
        assertThat(http.get("/subjects/" + subject + "/versions").text()).isEqualTo("[3]");
    }

    @Test
    void softDeletingAVersion() {
        String subject = subjectWith(V1, V2);
        Reply deleted = http.delete("/subjects/" + subject + "/versions/1");
        assertOk(deleted);
        assertThat(deleted.text()).isEqualTo("1");
        assertThat(http.get("/subjects/" + subject + "/versions").text()).isEqualTo("[2]");
        assertError(http.get("/subjects/" + subject + "/versions/1"), 404, 40402);
        assertError(http.delete("/subjects/" + subject + "/versions/1"), 404, 40406);
        assertError(http.delete("/subjects/" + subject + "/versions/7"), 404, 40402);
        assertError(http.delete("/subjects/" + subject + "/versions/zero"), 422, 42202);
        assertError(http.delete("/subjects/" + subject() + "/versions/1"), 404, 40401);
        assertError(http.delete("/subjects/" + subject + "/versions/2?permanent=true"), 422, 42205);

        Reply latest = http.delete("/subjects/" + subject + "/versions/latest");
        assertOk(latest);
        assertThat(latest.text()).isEqualTo("2");
        assertError(http.get("/subjects/" + subject + "/versions"), 404, 40401);
    }

    @Test
    void globalAndSubjectCompatibilityConfig() {
        String subject = subject();
        Reply global = http.get("/config");
        assertOk(global);
        assertThat(global.text()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

        Reply put = http.put("/config", json("compatibility", "FULL"));
        assertOk(put);
        assertThat(put.text()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertError(http.put("/config", json("compatibility", "SOMETIMES")), 422, 42203);
        assertError(http.put("/config/" + subject, json("compatibility", "")), 422, 42203);

        assertError(http.get("/config/" + subject), 404, 40408);
        assertThat(http.get("/config/" + subject + "?defaultToGlobal=true").json().get("compatibilityLevel").asText())
                .isEqualTo("FULL");
        assertThat(http.put("/config/" + subject, json("compatibility", "none")).text())
                .isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(http.get("/config/" + subject).text()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");

        Reply removed = http.delete("/config/" + subject);
        assertOk(removed);
        assertThat(removed.text()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertError(http.get("/config/" + subject), 404, 40408);
        assertError(http.delete("/config/" + subject), 404, 40401);

        Reply resetGlobal = http.delete("/config");
        assertOk(resetGlobal);
        assertThat(resetGlobal.text()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void compatibilityEndpoints() {
        String subject = subject();
        register(subject, V1);
        String incompatible = record("Order", field("id", "string"), field("required", "int"));

        Reply ok = http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(V2));
        assertOk(ok);
        assertThat(ok.text()).isEqualTo("{\"is_compatible\":true}");
        Reply okVerbose = http.post("/compatibility/subjects/" + subject + "/versions/1?verbose=true", schemaBody(V2));
        assertThat(okVerbose.text()).isEqualTo("{\"is_compatible\":true,\"messages\":[]}");

        Reply no = http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(incompatible));
        assertOk(no);
        assertThat(no.text()).isEqualTo("{\"is_compatible\":false}");
        Reply verbose = http.post("/compatibility/subjects/" + subject + "/versions?verbose=true", schemaBody(incompatible));
        assertOk(verbose);
        assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
        JsonNode messages = verbose.json().get("messages");
        assertThat(messages).isNotEmpty();
        assertThat(messages.get(0).asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("required");

        // a subject without versions accepts any schema; a numbered version of it does not exist
        assertThat(http.post("/compatibility/subjects/" + subject() + "/versions/latest?verbose=true",
                schemaBody(V2)).text()).isEqualTo("{\"is_compatible\":true,\"messages\":[]}");
        assertThat(http.post("/compatibility/subjects/" + subject() + "/versions", schemaBody(V2)).text())
                .isEqualTo("{\"is_compatible\":true}");
        assertError(http.post("/compatibility/subjects/" + subject() + "/versions/1", schemaBody(V2)), 404, 40401);
        assertError(http.post("/compatibility/subjects/" + subject + "/versions/5", schemaBody(V2)), 404, 40402);
        assertError(http.post("/compatibility/subjects/" + subject + "/versions/x", schemaBody(V2)), 422, 42202);
        assertError(http.post("/compatibility/subjects/" + subject + "/versions/1", schemaBody("{bad")), 422, 42201);
    }

    @Test
    void invalidSchemasAreRefusedWith42201() {
        String subject = subject();
        Reply notAvro = http.register(subject, "{\"type\":\"record\",\"name\":\"R\"}");
        assertError(notAvro, 422, 42201);
        assertThat(notAvro.message()).contains("Invalid schema");
        assertError(http.register(subject, "not json at all"), 422, 42201);
        assertError(http.register(subject, record("R", fieldWithDefault("a", "int", "\"x\""))), 422, 42201);

        Reply protobuf = http.post("/subjects/" + subject + "/versions",
                schemaBody("syntax = \"proto3\";").put("schemaType", "PROTOBUF"));
        assertError(protobuf, 422, 42201);
        assertThat(protobuf.message()).contains("only AVRO");
        assertOk(http.post("/subjects/" + subject + "/versions", schemaBody(V1).put("schemaType", "AVRO")));

        assertError(http.post("/subjects/" + subject + "/versions", json("schemaType", "AVRO")), 422, 42201);
        assertError(http.send("POST", "/subjects/" + subject + "/versions",
                "{\"schema\":\"\\\"int\\\"\",\"references\":[{\"name\":\"x\",\"subject\":\"y\",\"version\":1}]}",
                RegistryHttp.V1_JSON), 422, 42201);
        assertThat(http.get("/subjects/" + subject + "/versions").text()).isEqualTo("[1]");
    }

    @Test
    void oddSubjectNamesAreJustSubjects() {
        List<String> names = List.of("../../etc/passwd", "a b/c", "été-✓", "C:\\windows\\system32", "%2F", ".", "..x");
        for (String name : names) {
            assertOk(http.register(name, V1));
            Reply versions = http.get("/subjects/" + encode(name) + "/versions");
            assertOk(versions);
            assertThat(versions.text()).isEqualTo("[1]");
            assertThat(http.get("/subjects/" + encode(name) + "/versions/1").json().get("subject").asText())
                    .isEqualTo(name);
        }
        assertThat(http.get("/subjects").json()).hasSize(names.size());
        assertError(http.register("\u0001control", V1), 422, 42208);
        assertError(http.get("/subjects//versions"), 422, 42208);
        assertThat(http.get("/subjects?subjectPrefix=" + encode("..")).json()).hasSize(2);
    }
}
