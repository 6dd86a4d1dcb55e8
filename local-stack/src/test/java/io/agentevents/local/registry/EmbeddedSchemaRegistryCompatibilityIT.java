package io.agentevents.local.registry;

import static io.agentevents.local.registry.RegistryHttp.field;
import static io.agentevents.local.registry.RegistryHttp.fieldWithDefault;
import static io.agentevents.local.registry.RegistryHttp.json;
import static io.agentevents.local.registry.RegistryHttp.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentevents.local.registry.RegistryHttp.Reply;
import io.agentevents.schemas.registry.CompatibilityLevel;

import org.junit.jupiter.api.Test;

/**
 * Registration refused or accepted per compatibility level; a refusal is HTTP 409 with Confluent's
 * current error code 40901, naming the subject.
 */
class EmbeddedSchemaRegistryCompatibilityIT extends RegistryTestSupport {
    private static final String A = field("a", "int");
    private static final String B_REQUIRED = field("b", "string");
    private static final String B_DEFAULTED = fieldWithDefault("b", "string", "\"x\"");

    /** A new subject with its own compatibility level. */
    private String subjectAt(CompatibilityLevel level) {
        String subject = subject();
        level(subject, level);
        return subject;
    }

    private void level(String subject, CompatibilityLevel level) {
        assertThat(http.put("/config/" + subject, json("compatibility", level.name())).status()).isEqualTo(200);
    }

    private void accepted(String subject, String schema) {
        Reply reply = http.register(subject, schema);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    }

    private Reply refused(String subject, String schema) {
        Reply reply = http.register(subject, schema);
        assertThat(reply.status()).as(reply.text()).isEqualTo(409);
        assertThat(reply.errorCode()).isEqualTo(40901);
        assertThat(reply.message()).contains("incompatible").contains("\"" + subject + "\"");
        return reply;
    }

    @Test
    void backwardIsTheDefaultAndRefusesARequiredNewField() {
        String subject = subject();
        accepted(subject, record("R", A));
        Reply refusal = refused(subject, record("R", A, B_REQUIRED));
        assertThat(refusal.message()).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("'b'")
                .contains("{compatibility: 'BACKWARD'}");
        accepted(subject, record("R", A, B_DEFAULTED));
        assertThat(http.get("/subjects/" + subject + "/versions").text()).isEqualTo("[1,2]");
    }

    @Test
    void forwardRefusesRemovingARequiredField() {
        String subject = subjectAt(CompatibilityLevel.FORWARD);
        accepted(subject, record("R", A, B_REQUIRED));
        refused(subject, record("R", A));
        accepted(subject, record("R", A, B_REQUIRED, fieldWithDefault("c", "long", "0")));
    }

    @Test
    void fullRefusesBothDirectionsAndNoneRefusesNothing() {
        String subject = subjectAt(CompatibilityLevel.FULL);
        accepted(subject, record("R", A));
        refused(subject, record("R", A, B_REQUIRED));
        refused(subject, record("R", field("a", "string")));
        accepted(subject, record("R", A, B_DEFAULTED));

        level(subject, CompatibilityLevel.NONE);
        accepted(subject, record("R", field("a", "string")));
    }

    @Test
    void transitiveLevelsCheckEveryLiveVersion() {
        String plain = subjectAt(CompatibilityLevel.BACKWARD);
        String transitive = subjectAt(CompatibilityLevel.BACKWARD_TRANSITIVE);
        for (String subject : new String[] {plain, transitive}) {
            accepted(subject, record("R", A));
            accepted(subject, record("R", A, B_DEFAULTED));
        }
        String v3 = record("R", A, B_REQUIRED); // reads v2 data, not v1 data
        accepted(plain, v3);
        Reply refusal = refused(transitive, v3);
        assertThat(refusal.message()).contains("{oldSchemaVersion: 1}");

        String fullTransitive = subjectAt(CompatibilityLevel.FULL_TRANSITIVE);
        accepted(fullTransitive, record("R", A));
        accepted(fullTransitive, record("R", A, B_DEFAULTED));
        refused(fullTransitive, v3);

        String forwardTransitive = subjectAt(CompatibilityLevel.FORWARD_TRANSITIVE);
        accepted(forwardTransitive, record("R", A, B_REQUIRED));
        accepted(forwardTransitive, record("R", A, B_DEFAULTED));
        refused(forwardTransitive, record("R", A)); // v1 cannot read it: b is required there
    }

    @Test
    void softDeletedVersionsNoLongerCount() {
        String subject = subjectAt(CompatibilityLevel.BACKWARD_TRANSITIVE);
        accepted(subject, record("R", A));
        accepted(subject, record("R", A, B_DEFAULTED));
        String v3 = record("R", A, B_REQUIRED);
        refused(subject, v3);
        assertThat(http.delete("/subjects/" + subject + "/versions/1").status()).isEqualTo(200);
        accepted(subject, v3);
        assertThat(http.get("/subjects/" + subject + "/versions").text()).isEqualTo("[2,3]");
    }

    @Test
    void globalLevelAppliesToSubjectsWithoutTheirOwn() {
        String subject = subject();
        assertThat(http.put("/config", json("compatibility", "NONE")).status()).isEqualTo(200);
        accepted(subject, record("R", A));
        accepted(subject, record("R", field("a", "string")));
        level(subject, CompatibilityLevel.FULL);
        refused(subject, record("R", field("a", "boolean")));
    }

    @Test
    void configuredDefaultLevelIsTheInitialGlobalLevel() {
        topic = topic + "-full";
        EmbeddedSchemaRegistry full = startRegistry(config().withDefaultCompatibility(CompatibilityLevel.FULL));
        RegistryHttp fullHttp = new RegistryHttp(full.url());
        assertThat(fullHttp.get("/config").text()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        String subject = subject();
        assertThat(fullHttp.register(subject, record("R", A, B_REQUIRED)).status()).isEqualTo(200);
        assertThat(fullHttp.register(subject, record("R", A)).status()).isEqualTo(409);
    }
}
