package io.agentevents.local.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentevents.schemas.registry.CompatibilityLevel;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

class RegistryStateTest {
    private static final String INT = "\"int\"";
    private static final String RECORD = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    private final RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);

    private void put(String subject, int version, int id, String schema, boolean deleted) {
        state.apply(new TopicEntry.SchemaEntry(new SubjectVersion(subject, version),
                Optional.of(new StoredSchema(subject, version, id, schema, "AVRO", deleted))));
    }

    private static Schema parse(String text) {
        return AvroSchemas.parse(text);
    }

    @Test
    void foldsSchemaRecordsIntoSubjectsAndIds() {
        put("a", 1, 1, INT, false);
        put("a", 2, 2, RECORD, false);
        put("b", 1, 2, " { \"name\":\"R\", \"type\":\"record\", \"fields\":[{\"type\":\"int\",\"name\":\"a\"}]}", false);
        assertThat(state.subjects(false)).containsExactly("a", "b");
        assertThat(state.maxId()).isEqualTo(2);
        assertThat(state.maxVersion("a")).isEqualTo(2);
        assertThat(state.idOf(parse(RECORD))).hasValue(2);
        assertThat(state.find("b", parse(RECORD), false)).map(StoredSchema::version).contains(1);
        assertThat(state.versionsWithId(2)).extracting(StoredSchema::subject).containsExactly("a", "b");
        assertThat(state.schemaById(1)).map(StoredSchema::schema).contains(INT);
    }

    @Test
    void softDeletesHideVersionsButKeepIds() {
        put("a", 1, 1, INT, false);
        put("a", 2, 2, RECORD, false);
        state.apply(new TopicEntry.DeleteSubjectEntry("a", 1));
        assertThat(state.liveVersions("a")).extracting(StoredSchema::version).containsExactly(2);
        put("a", 2, 2, RECORD, true);
        assertThat(state.subjects(false)).isEmpty();
        assertThat(state.subjects(true)).containsExactly("a");
        assertThat(state.find("a", parse(INT), false)).isEmpty();
        assertThat(state.find("a", parse(INT), true)).isPresent();
        assertThat(state.schemaById(1)).isPresent();
        assertThat(state.maxVersion("a")).isEqualTo(2);
    }

    @Test
    void aTombstoneForgetsTheVersionButNotTheHighestId() {
        put("a", 1, 5, INT, true);
        state.apply(new TopicEntry.SchemaEntry(new SubjectVersion("a", 1), Optional.empty()));
        assertThat(state.schemaById(5)).isEmpty();
        assertThat(state.idOf(parse(INT))).isEmpty();
        assertThat(state.subjects(true)).isEmpty();
        assertThat(state.maxId()).isEqualTo(5);
    }

    @Test
    void configRecordsSetAndClearLevels() {
        assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        state.apply(new TopicEntry.ConfigEntry(Optional.empty(), Optional.of(CompatibilityLevel.FULL)));
        state.apply(new TopicEntry.ConfigEntry(Optional.of("a"), Optional.of(CompatibilityLevel.NONE)));
        assertThat(state.effectiveLevel("a")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.effectiveLevel("b")).isEqualTo(CompatibilityLevel.FULL);
        state.apply(new TopicEntry.ConfigEntry(Optional.of("a"), Optional.empty()));
        state.apply(new TopicEntry.ConfigEntry(Optional.empty(), Optional.empty()));
        assertThat(state.subjectLevel("a")).isEmpty();
        assertThat(state.effectiveLevel("a")).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void waitsForTheReaderUntilTheDeadline() throws Exception {
        state.advanceTo(3);
        state.awaitApplied(3, System.nanoTime(), () -> { });
        assertThatThrownBy(() -> state.awaitApplied(4, System.nanoTime() + Duration.ofMillis(50).toNanos(), () -> { }))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("3 of 4");
        state.readerFailed(new IllegalStateException("boom"));
        assertThatThrownBy(() -> state.awaitApplied(4, System.nanoTime() + Duration.ofSeconds(5).toNanos(), () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
    }
}
