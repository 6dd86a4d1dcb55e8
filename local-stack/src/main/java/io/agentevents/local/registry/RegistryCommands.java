package io.agentevents.local.registry;

import io.agentevents.schemas.registry.CompatibilityLevel;

import org.apache.avro.Schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The write operations of the registry. Each is planned against the state caught up with the log
 * and committed through the {@link TopicWriter}, so ids and versions are unique across every
 * instance on the topic; each returns once this instance has applied its own write.
 *
 * <p>Ids: a schema (compared in Avro's canonical JSON, see {@link AvroSchemas#canonical}) keeps the
 * id it got first, under any subject; a new schema gets the highest id ever seen plus one.
 * Versions: the subject's highest version ever (soft-deleted ones included) plus one.
 *
 * <p>Thread-safe.
 */
record RegistryCommands(RegistryState state, TopicWriter writer, TopicRecordCodec codec, Duration kafkaTimeout) {

    /**
     * Registers a schema under a subject and returns its id. A schema already live under the
     * subject answers its id from memory, without Kafka.
     *
     * @throws RegistryException 409/40901 naming the subject and the incompatibilities, or 50001/50002
     */
    int register(String subject, Schema schema) {
        Optional<StoredSchema> known = state.find(subject, schema, false);
        if (known.isPresent()) {
            return known.get().id();
        }
        return writer.write("Register operation", () -> {
            Optional<StoredSchema> existing = state.find(subject, schema, false);
            if (existing.isPresent()) {
                return TopicWriter.Plan.nothingToWrite(existing.get().id());
            }
            CompatibilityLevel level = state.effectiveLevel(subject);
            List<String> problems = CompatibilityMessages.check(level, schema, state.liveVersions(subject));
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible(subject, "[" + String.join(", ", problems) + "]");
            }
            OptionalInt knownId = state.idOf(schema);
            int id = knownId.isPresent() ? knownId.getAsInt() : state.maxId() + 1;
            int version = state.maxVersion(subject) + 1;
            StoredSchema stored = new StoredSchema(subject, version, id, AvroSchemas.canonical(schema),
                    AvroSchemas.AVRO, false);
            return new TopicWriter.Plan<>(List.of(schemaWrite(stored)), id,
                    () -> state.find(subject, schema, false).map(found -> found.id() == id).orElse(false));
        }, deadline());
    }

    /**
     * Registers one schema under each subject in one write (one Kafka transaction), leaving out the
     * subjects that hold it already, and returns its id (one id: a schema keeps the id it got first).
     * Nothing is written when every subject holds it (a restart on the same data). Each new version
     * must pass its subject's compatibility level, as in {@link #register}.
     *
     * @throws RegistryException 409/40901 naming the first subject that refuses it, or 50001/50002
     */
    int registerUnderEach(List<String> subjects, Schema schema) {
        List<String> wanted = List.copyOf(subjects);
        return writer.write("Register operation", () -> {
            OptionalInt knownId = state.idOf(schema);
            int id = knownId.isPresent() ? knownId.getAsInt() : state.maxId() + 1;
            List<TopicWriter.Write> writes = new ArrayList<>();
            for (String subject : wanted) {
                if (state.find(subject, schema, false).isPresent()) {
                    continue;
                }
                List<String> problems = CompatibilityMessages.check(state.effectiveLevel(subject), schema,
                        state.liveVersions(subject));
                if (!problems.isEmpty()) {
                    throw RegistryException.incompatible(subject, "[" + String.join(", ", problems) + "]");
                }
                writes.add(schemaWrite(new StoredSchema(subject, state.maxVersion(subject) + 1, id,
                        AvroSchemas.canonical(schema), AvroSchemas.AVRO, false)));
            }
            return writes.isEmpty() ? TopicWriter.Plan.nothingToWrite(id) : new TopicWriter.Plan<>(writes, id,
                    () -> wanted.stream().allMatch(subject -> state.find(subject, schema, false).isPresent()));
        }, deadline());
    }

    /**
     * Soft-deletes every live version of a subject and returns their numbers.
     *
     * @throws RegistryException 40401 for an unknown subject, 40404 when already soft-deleted
     */
    List<Integer> deleteSubject(String subject) {
        return writer.write("Delete subject operation", () -> {
            List<StoredSchema> all = state.versions(subject);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<StoredSchema> live = all.stream().filter(schema -> !schema.deleted()).toList();
            if (live.isEmpty()) {
                throw RegistryException.subjectSoftDeleted(subject);
            }
            List<Integer> deleted = live.stream().map(StoredSchema::version).toList();
            return new TopicWriter.Plan<>(live.stream().map(schema -> schemaWrite(schema.asDeleted())).toList(),
                    deleted, () -> state.liveVersions(subject).stream().noneMatch(s -> deleted.contains(s.version())));
        }, deadline());
    }

    /**
     * Soft-deletes one version (or the latest live one) and returns its number.
     *
     * @throws RegistryException 40401 for an unknown subject, 40402 for an unknown version,
     *                           40406 when already soft-deleted
     */
    int deleteVersion(String subject, VersionRef ref) {
        return writer.write("Delete version operation", () -> {
            List<StoredSchema> all = state.versions(subject);
            List<StoredSchema> live = all.stream().filter(schema -> !schema.deleted()).toList();
            if (live.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            StoredSchema target = ref.isLatest() ? live.get(live.size() - 1)
                    : all.stream().filter(schema -> schema.version() == ref.number()).findFirst()
                    .orElseThrow(() -> RegistryException.versionNotFound(ref.number()));
            if (target.deleted()) {
                throw RegistryException.versionSoftDeleted(subject, target.version());
            }
            return new TopicWriter.Plan<>(List.of(schemaWrite(target.asDeleted())), target.version(),
                    () -> state.liveVersions(subject).stream().noneMatch(s -> s.version() == target.version()));
        }, deadline());
    }

    /** Sets the level of a subject, or the global level for an empty subject, and returns it. */
    CompatibilityLevel setLevel(Optional<String> subject, CompatibilityLevel level) {
        return writer.write("Update compatibility level operation", () -> new TopicWriter.Plan<>(
                List.of(new TopicWriter.Write(codec.configKey(subject), codec.configValue(level))), level,
                () -> explicitLevel(subject).equals(Optional.of(level))), deadline());
    }

    /**
     * Sets the level of each subject in one write (one Kafka transaction), leaving out subjects that
     * already have that level of their own; returns once applied. Nothing is written when every
     * subject has its level already (a restart on the same data).
     */
    void setLevels(Map<String, CompatibilityLevel> levels) {
        Map<String, CompatibilityLevel> wanted = Map.copyOf(levels);
        writer.write("Update compatibility levels operation", () -> {
            List<TopicWriter.Write> writes = new ArrayList<>();
            wanted.forEach((subject, level) -> {
                if (!state.subjectLevel(subject).equals(Optional.of(level))) {
                    writes.add(new TopicWriter.Write(codec.configKey(Optional.of(subject)), codec.configValue(level)));
                }
            });
            return writes.isEmpty() ? TopicWriter.Plan.nothingToWrite(wanted) : new TopicWriter.Plan<>(writes, wanted,
                    () -> wanted.entrySet().stream().allMatch(entry ->
                            state.subjectLevel(entry.getKey()).equals(Optional.of(entry.getValue()))));
        }, deadline());
    }

    /**
     * Deletes a subject's own level (it then follows the global one), or the global level (it
     * then is the configured default), and returns the level it had.
     *
     * @throws RegistryException 40401 when the subject has no level of its own (as Confluent answers)
     */
    CompatibilityLevel deleteLevel(Optional<String> subject) {
        return writer.write("Delete compatibility level operation", () -> {
            CompatibilityLevel old = subject.isPresent()
                    ? state.subjectLevel(subject.get()).orElseThrow(() -> RegistryException.subjectNotFound(subject.get()))
                    : state.globalLevel();
            return new TopicWriter.Plan<>(List.of(new TopicWriter.Write(codec.configKey(subject), null)), old,
                    () -> explicitLevel(subject).isEmpty());
        }, deadline());
    }

    /** The level set explicitly on the subject, or globally for an empty subject. */
    private Optional<CompatibilityLevel> explicitLevel(Optional<String> subject) {
        return subject.isPresent() ? state.subjectLevel(subject.get()) : state.explicitGlobalLevel();
    }

    private TopicWriter.Write schemaWrite(StoredSchema schema) {
        return new TopicWriter.Write(codec.schemaKey(new SubjectVersion(schema.subject(), schema.version())),
                codec.schemaValue(schema));
    }

    private long deadline() {
        return SchemaTopic.deadline(kafkaTimeout);
    }
}
