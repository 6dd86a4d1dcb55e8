package io.agentevents.local.registry;

import static io.agentevents.local.registry.RegistryHttp.field;
import static io.agentevents.local.registry.RegistryHttp.fieldWithDefault;
import static io.agentevents.local.registry.RegistryHttp.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentevents.schemas.registry.CompatibilityLevel;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

class CompatibilityMessagesTest {
    private static final String A = field("a", "int");
    private static final String B_REQUIRED = field("b", "string");
    private static final String B_DEFAULTED = fieldWithDefault("b", "string", "\"x\"");

    private static List<StoredSchema> history(String... schemas) {
        List<StoredSchema> versions = new ArrayList<>();
        for (int i = 0; i < schemas.length; i++) {
            versions.add(new StoredSchema("s", i + 1, i + 1, schemas[i], AvroSchemas.AVRO, false));
        }
        return versions;
    }

    private static boolean compatible(CompatibilityLevel level, String candidate, String... history) {
        return CompatibilityMessages.check(level, AvroSchemas.parse(candidate), history(history)).isEmpty();
    }

    @Test
    void addingARequiredFieldIsForwardButNotBackwardCompatible() {
        String v1 = record("R", A);
        String v2 = record("R", A, B_REQUIRED);
        assertThat(compatible(CompatibilityLevel.BACKWARD, v2, v1)).isFalse();
        assertThat(compatible(CompatibilityLevel.FORWARD, v2, v1)).isTrue();
        assertThat(compatible(CompatibilityLevel.FULL, v2, v1)).isFalse();
        assertThat(compatible(CompatibilityLevel.NONE, v2, v1)).isTrue();
    }

    @Test
    void removingARequiredFieldIsBackwardButNotForwardCompatible() {
        String v1 = record("R", A, B_REQUIRED);
        String v2 = record("R", A);
        assertThat(compatible(CompatibilityLevel.BACKWARD, v2, v1)).isTrue();
        assertThat(compatible(CompatibilityLevel.FORWARD, v2, v1)).isFalse();
        assertThat(compatible(CompatibilityLevel.FULL, v2, v1)).isFalse();
    }

    @Test
    void addingADefaultedFieldIsFullyCompatible() {
        assertThat(compatible(CompatibilityLevel.FULL_TRANSITIVE, record("R", A, B_DEFAULTED), record("R", A))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = CompatibilityLevel.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void changingAFieldTypeIsIncompatibleAtEveryCheckingLevel(CompatibilityLevel level) {
        assertThat(compatible(level, record("R", field("a", "string")), record("R", A))).isFalse();
    }

    @Test
    void transitiveLevelsCheckEveryVersionAndPlainOnesOnlyTheLatest() {
        // backward: v3 reads v2 (which has b) but not v1 (which lacks b, and v3 has no default)
        String v1 = record("R", A);
        String v2 = record("R", A, B_DEFAULTED);
        String v3 = record("R", A, B_REQUIRED);
        assertThat(compatible(CompatibilityLevel.BACKWARD, v3, v1, v2)).isTrue();
        assertThat(compatible(CompatibilityLevel.BACKWARD_TRANSITIVE, v3, v1, v2)).isFalse();
        assertThat(compatible(CompatibilityLevel.FULL, v3, v1, v2)).isTrue();
        assertThat(compatible(CompatibilityLevel.FULL_TRANSITIVE, v3, v1, v2)).isFalse();

        // forward: v1 (b required) cannot read v3 (no b); v2 (b defaulted) can
        String f1 = record("R", A, B_REQUIRED);
        String f2 = record("R", A, B_DEFAULTED);
        String f3 = record("R", A);
        assertThat(compatible(CompatibilityLevel.FORWARD, f3, f1, f2)).isTrue();
        assertThat(compatible(CompatibilityLevel.FORWARD_TRANSITIVE, f3, f1, f2)).isFalse();
    }

    @Test
    void messagesFollowConfluentsVerboseFormat() {
        List<String> messages = CompatibilityMessages.check(CompatibilityLevel.BACKWARD,
                AvroSchemas.parse(record("R", A, B_REQUIRED)), history(record("R", A)));
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0)).startsWith("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'")
                .contains("The field 'b' at path '/fields/1' in the new schema has no default value");
        assertThat(messages.get(1)).isEqualTo("{oldSchemaVersion: 1}");
        assertThat(messages.get(2)).startsWith("{oldSchema: '{\"type\":\"record\"");
        assertThat(messages.get(3)).isEqualTo("{compatibility: 'BACKWARD'}");
    }

    @Test
    void noHistoryOrNoneIsAlwaysCompatible() {
        Schema any = AvroSchemas.parse("\"string\"");
        assertThat(CompatibilityMessages.check(CompatibilityLevel.FULL_TRANSITIVE, any, List.of())).isEmpty();
        assertThat(CompatibilityMessages.check(CompatibilityLevel.NONE, any, history("\"int\""))).isEmpty();
    }
}
