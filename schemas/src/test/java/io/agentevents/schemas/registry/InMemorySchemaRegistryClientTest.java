package io.agentevents.schemas.registry;

import io.agentevents.schemas.codec.AvroEventCodec;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The in-process registry behaves as Confluent's does: ids, versions, compatibility, errors. */
class InMemorySchemaRegistryClientTest {

    private static final Schema V1 = record(b -> b.requiredString("a"));
    private static final Schema V1_WITH_B = record(b -> b.requiredString("a").requiredString("b"));
    private static final Schema V2_OPTIONAL = record(b -> b.requiredString("a").optionalString("c"));
    private static final Schema A_AS_INT = record(b -> b.requiredInt("a"));

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void equalSchemasShareOneIdAcrossSubjectsWhileEachSubjectCountsItsOwnVersions() {
        assertThat(registry.register("a-value", V1)).isEqualTo(1);
        assertThat(registry.register("b-value", V1)).isEqualTo(1);
        assertThat(registry.register("a-value", V2_OPTIONAL)).isEqualTo(2);
        assertThat(registry.register("a-value", record(b -> b.requiredString("a")))).as("an equal schema").isEqualTo(1);

        assertThat(registry.versions("a-value")).containsExactly(1, 2);
        assertThat(registry.versions("b-value")).containsExactly(1);
        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
        assertThat(registry.schemaById(2)).isEqualTo(V2_OPTIONAL);
        assertThat(registry.version("a-value", 1)).isEqualTo(new RegisteredSchema("a-value", 1, 1, V1));
        assertThat(registry.latest("a-value")).isEqualTo(new RegisteredSchema("a-value", 2, 2, V2_OPTIONAL));
        assertThat(registry.lookup("a-value", V2_OPTIONAL)).isEqualTo(new RegisteredSchema("a-value", 2, 2, V2_OPTIONAL));
        assertThat(registry.lookup("b-value", V1).version()).isEqualTo(1);
    }

    @Test
    void unknownSubjectsVersionsAndSchemasFailWithConfluentCodes() {
        registry.register("a-value", V1);

        assertCode(() -> registry.lookup("missing-value", V1), 404, SchemaRegistryException.SUBJECT_NOT_FOUND, "missing-value");
        assertCode(() -> registry.lookup("a-value", V2_OPTIONAL), 404, SchemaRegistryException.SCHEMA_NOT_FOUND, "a-value");
        assertCode(() -> registry.versions("missing-value"), 404, SchemaRegistryException.SUBJECT_NOT_FOUND, "missing-value");
        assertCode(() -> registry.latest("missing-value"), 404, SchemaRegistryException.SUBJECT_NOT_FOUND, "missing-value");
        assertCode(() -> registry.version("a-value", 2), 404, SchemaRegistryException.VERSION_NOT_FOUND, "a-value");
        SchemaRegistryException unknownId = assertCode(() -> registry.schemaById(99), 404,
                SchemaRegistryException.SCHEMA_NOT_FOUND, null);
        assertThat(unknownId).hasMessageContaining("99");
        assertThatThrownBy(() -> registry.version("a-value", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backwardIsTheDefaultAndRefusesAddingARequiredFieldWithoutDefault() {
        assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        registry.register("s", V1);

        SchemaRegistryException e = assertCode(() -> registry.register("s", V1_WITH_B), 409,
                SchemaRegistryException.INCOMPATIBLE_SCHEMA, "s");

        assertThat(e).hasMessageContainingAll("READER_FIELD_MISSING_DEFAULT_VALUE", "version 1", "BACKWARD");
        assertThat(registry.versions("s")).containsExactly(1);
        assertThat(registry.register("s", V2_OPTIONAL)).as("an optional field with a default is fine").isEqualTo(2);
    }

    @Test
    void backwardAcceptsRemovingAFieldButForwardRefusesIt() {
        registry.register("backward", V1_WITH_B);
        assertThat(registry.register("backward", V1)).isPositive();

        registry.setSubjectCompatibility("forward", CompatibilityLevel.FORWARD);
        registry.register("forward", V1_WITH_B);
        SchemaRegistryException e = assertCode(() -> registry.register("forward", V1), 409,
                SchemaRegistryException.INCOMPATIBLE_SCHEMA, "forward");
        assertThat(e).hasMessageContainingAll("version 1 cannot read data written with the new schema", "FORWARD");
    }

    @Test
    void noneAcceptsAnything() {
        registry.setGlobalCompatibility(CompatibilityLevel.NONE);
        registry.register("s", V1);
        assertThat(registry.register("s", A_AS_INT)).isEqualTo(2);
        assertThat(registry.register("s", V1_WITH_B)).isEqualTo(3);
        assertThat(registry.versions("s")).containsExactly(1, 2, 3);
    }

    @Test
    void fullTransitiveChecksEveryVersionWhereFullChecksOnlyTheLatest() {
        Schema withDefault = record(b -> b.requiredString("a").name("b").type().stringType().stringDefault("x"));
        Schema withoutDefault = V1_WITH_B; // reads v2 data (b present) but not v1 data (no b, no default)

        registry.setSubjectCompatibility("full", CompatibilityLevel.FULL);
        registry.register("full", V1);
        registry.register("full", withDefault);
        assertThat(registry.register("full", withoutDefault)).isPositive();

        registry.setSubjectCompatibility("transitive", CompatibilityLevel.FULL_TRANSITIVE);
        registry.register("transitive", V1);
        registry.register("transitive", withDefault);
        SchemaRegistryException e = assertCode(() -> registry.register("transitive", withoutDefault), 409,
                SchemaRegistryException.INCOMPATIBLE_SCHEMA, "transitive");
        assertThat(e).hasMessageContaining("the new schema cannot read data written with version 1")
                .hasMessageNotContaining("version 2");
    }

    @Test
    void everyLevelDecidesAsAvroSays() {
        record Case(CompatibilityLevel level, Schema first, Schema second, boolean accepted) {
        }
        List<Case> cases = List.of(
                new Case(CompatibilityLevel.BACKWARD, V1, V1_WITH_B, false),
                new Case(CompatibilityLevel.BACKWARD_TRANSITIVE, V1, V1_WITH_B, false),
                new Case(CompatibilityLevel.FORWARD, V1, V1_WITH_B, true),
                new Case(CompatibilityLevel.FORWARD_TRANSITIVE, V1_WITH_B, V1, false),
                new Case(CompatibilityLevel.FULL, V1, V2_OPTIONAL, true),
                new Case(CompatibilityLevel.FULL, V1, A_AS_INT, false),
                new Case(CompatibilityLevel.FULL_TRANSITIVE, V1, V2_OPTIONAL, true),
                new Case(CompatibilityLevel.NONE, V1, A_AS_INT, true));
        for (Case c : cases) {
            InMemorySchemaRegistryClient fresh = new InMemorySchemaRegistryClient(c.level());
            fresh.register("s", c.first());
            assertThat(fresh.testCompatibility("s", c.second()).compatible()).as(c.toString()).isEqualTo(c.accepted());
            if (c.accepted()) {
                assertThat(fresh.register("s", c.second())).as(c.toString()).isEqualTo(2);
            } else {
                assertThatThrownBy(() -> fresh.register("s", c.second())).as(c.toString())
                        .isInstanceOf(SchemaRegistryException.class);
            }
        }
    }

    @Test
    void testCompatibilityExplainsWithoutRegistering() {
        registry.register("s", V1);

        CompatibilityResult result = registry.testCompatibility("s", V1_WITH_B);

        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1");
        assertThat(registry.versions("s")).containsExactly(1);
        assertThat(registry.testCompatibility("new-subject", A_AS_INT)).isEqualTo(CompatibilityResult.ofCompatible());
    }

    @Test
    void aSubjectLevelOverridesTheGlobalOne() {
        assertThat(registry.subjectCompatibility("s")).isEqualTo(CompatibilityLevel.BACKWARD);
        registry.setGlobalCompatibility(CompatibilityLevel.FULL);
        assertThat(registry.subjectCompatibility("s")).isEqualTo(CompatibilityLevel.FULL);
        registry.setSubjectCompatibility("s", CompatibilityLevel.NONE);
        assertThat(registry.subjectCompatibility("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.subjectCompatibility("other")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void theDomainEventSchemaEvolvesUnderFullTransitive() {
        registry.setSubjectCompatibility("events.plan-value", CompatibilityLevel.FULL_TRANSITIVE);
        Schema previous = load("/evolution/DomainEvent-previous.avsc");
        Schema next = load("/evolution/DomainEvent-next.avsc");

        assertThat(registry.register("events.plan-value", previous)).isEqualTo(1);
        assertThat(registry.register("events.plan-value", AvroEventCodec.SCHEMA)).isEqualTo(2);
        assertThat(registry.register("events.plan-value", next)).isEqualTo(3);
        assertThat(registry.versions("events.plan-value")).containsExactly(1, 2, 3);
    }

    @Test
    void concurrentRegistrationsAgreeOnIds() throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String subject = "topic-" + (i % 16) + "-value";
                tasks.add(() -> registry.register(subject, V1));
            }
            Set<Integer> ids = new HashSet<>();
            for (Future<Integer> id : pool.invokeAll(tasks)) {
                ids.add(id.get());
            }
            assertThat(ids).containsExactly(1);
            assertThat(registry.subjects()).hasSize(16);
            assertThat(registry.subjects()).allSatisfy(s -> assertThat(registry.versions(s)).containsExactly(1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void argumentsAreCheckedAndAClosedRegistryRefusesCalls() {
        assertThatThrownBy(() -> registry.register(null, V1)).isInstanceOf(NullPointerException.class).hasMessage("subject");
        assertThatThrownBy(() -> registry.register("", V1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> registry.register("s", null)).isInstanceOf(NullPointerException.class).hasMessage("schema");
        registry.close();
        assertThatThrownBy(() -> registry.subjects()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static SchemaRegistryException assertCode(Runnable call, int status, int code, String subject) {
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, call::run);
        assertThat(e).as("expected error %d", code).isNotNull();
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.subject()).isEqualTo(java.util.Optional.ofNullable(subject));
        assertThat(e.retriable()).isFalse();
        assertThat(e).hasMessageContainingAll("in-memory", String.valueOf(code));
        if (subject != null) {
            assertThat(e).hasMessageContaining(subject);
        }
        return e;
    }

    private interface Fields {
        SchemaBuilder.FieldAssembler<Schema> add(SchemaBuilder.FieldAssembler<Schema> fields);
    }

    private static Schema record(Fields fields) {
        return fields.add(SchemaBuilder.record("Thing").namespace("test").fields()).endRecord();
    }

    private static Schema load(String resource) {
        try (InputStream in = InMemorySchemaRegistryClientTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }
}
