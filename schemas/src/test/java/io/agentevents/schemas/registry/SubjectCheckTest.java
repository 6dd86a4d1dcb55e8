package io.agentevents.schemas.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A candidate checked against subjects as {@code eventbus schemas check} does, registering nothing. */
class SubjectCheckTest {
    private static final Schema V1 = SchemaBuilder.record("Event").fields().requiredString("id").endRecord();
    private static final Schema ADDS_REQUIRED = SchemaBuilder.record("Event").fields().requiredString("id")
            .requiredString("owner").endRecord();
    private static final Schema ADDS_OPTIONAL = SchemaBuilder.record("Event").fields().requiredString("id")
            .optionalString("owner").endRecord();

    @Test
    void aSubjectThatDoesNotExistHasNoVersionsAndAcceptsAnything() {
        try (InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient()) {
            assertThat(registry.liveVersions("missing-value")).isEmpty();

            SubjectCheck check = SubjectCheck.of(registry, "missing-value", ADDS_REQUIRED);

            assertThat(check.versionsChecked()).isZero();
            assertThat(check.result().compatible()).isTrue();
            assertThat(SubjectCheck.incompatibilities(List.of(check))).isEmpty();
        }
    }

    @Test
    void incompatibleSubjectsAreNamedTogetherWithTheirProblemsAndNothingIsRegistered() {
        try (InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient()) {
            registry.register("a-value", V1);
            registry.register("b-value", V1);
            registry.register("c-value", V1);
            registry.setSubjectCompatibility("c-value", CompatibilityLevel.NONE);

            List<SubjectCheck> checks = List.of(SubjectCheck.of(registry, "a-value", ADDS_REQUIRED),
                    SubjectCheck.of(registry, "b-value", ADDS_REQUIRED), SubjectCheck.of(registry, "c-value", ADDS_REQUIRED));

            assertThat(checks).extracting(check -> check.result().compatible()).containsExactly(false, false, true);
            assertThat(checks).extracting(SubjectCheck::versionsChecked).containsExactly(1, 1, 0);
            assertThat(SubjectCheck.incompatibilities(checks)).hasValueSatisfying(problem -> assertThat(problem)
                    .startsWith("is incompatible with 2 of the 3 domain subjects: a-value, b-value: ")
                    .doesNotContain("c-value"));
            assertThat(SubjectCheck.of(registry, "a-value", ADDS_OPTIONAL).result().compatible()).isTrue();
            assertThat(registry.liveVersions("a-value")).hasSize(1);
        }
    }
}
