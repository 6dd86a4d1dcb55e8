package io.agentevents.local.registry;

import io.agentevents.schemas.registry.CompatibilityLevel;

import org.apache.avro.Schema;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The read operations of the registry, answered from memory without waiting on Kafka, so they
 * keep working while Kafka is away. When the answer would be "not found", the state is first
 * caught up with the end of the log once: a subject or id another instance just wrote is then
 * found. If that catch-up cannot reach Kafka in time the answer is 50002 rather than a 404 that
 * may be wrong. A hit on this instance may lag a write on another by the replication delay.
 *
 * <p>Thread-safe.
 */
record RegistryQueries(RegistryState state, TopicSync sync, Duration kafkaTimeout) {

    /** Subject names in order, soft-deleted ones too when asked, filtered by prefix. */
    List<String> subjects(boolean includeDeleted, String prefix) {
        return state.subjects(includeDeleted).stream().filter(subject -> subject.startsWith(prefix)).toList();
    }

    /** The version numbers of a subject; 40401 when it has none (visible). */
    List<Integer> versions(String subject, boolean includeDeleted) {
        return withCatchUp("Listing versions", () -> visible(subject, includeDeleted).stream()
                .map(StoredSchema::version).toList());
    }

    /** One version of a subject; 40401 for an unknown subject, 40402 for an unknown version. */
    StoredSchema version(String subject, VersionRef ref, boolean includeDeleted) {
        return withCatchUp("Reading a subject version", () -> state.locked(() -> {
            List<StoredSchema> visible = visible(subject, includeDeleted);
            if (ref.isLatest()) {
                return visible.get(visible.size() - 1);
            }
            return visible.stream().filter(schema -> schema.version() == ref.number()).findFirst()
                    .orElseThrow(() -> RegistryException.versionNotFound(ref.number()));
        }));
    }

    /** The version of a subject holding a schema; 40401 for an unknown subject, 40403 when not there. */
    StoredSchema lookup(String subject, Schema schema, boolean includeDeleted) {
        return withCatchUp("Looking up a schema", () -> state.locked(() -> {
            visible(subject, includeDeleted);
            return state.find(subject, schema, includeDeleted).orElseThrow(RegistryException::schemaNotFound);
        }));
    }

    /** The schema with an id, soft-deleted or not; 40403 when unknown. */
    StoredSchema schemaById(int id) {
        return withCatchUp("Reading a schema by id", () -> state.schemaById(id)
                .orElseThrow(() -> RegistryException.schemaNotFound(Integer.toString(id))));
    }

    /** The subject versions using an id; 40403 for an unknown id. */
    List<SubjectVersion> versionsOfId(int id, boolean includeDeleted) {
        return withCatchUp("Listing the versions of a schema id", () -> usersOf(id, includeDeleted).stream()
                .map(schema -> new SubjectVersion(schema.subject(), schema.version())).toList());
    }

    /** The subjects using an id; 40403 for an unknown id. */
    List<String> subjectsOfId(int id, boolean includeDeleted) {
        return withCatchUp("Listing the subjects of a schema id", () -> usersOf(id, includeDeleted).stream()
                .map(StoredSchema::subject).distinct().toList());
    }

    /**
     * Checks a schema against one version of a subject, or (no version) against the versions the
     * subject's level asks for. A subject without live versions accepts any schema (as Confluent
     * answers for {@code latest}); naming a numbered version of it is 40401.
     *
     * @return the incompatibilities; empty when compatible
     */
    List<String> compatibility(String subject, Optional<VersionRef> ref, Schema schema) {
        if (ref.isEmpty() || ref.get().isLatest()) {
            // an empty subject is a normal answer here, but may be news from another instance
            if (state.liveVersions(subject).isEmpty()) {
                sync.catchUp(SchemaTopic.deadline(kafkaTimeout), "Checking compatibility");
            }
            return state.locked(() -> {
                List<StoredSchema> live = state.liveVersions(subject);
                CompatibilityLevel level = state.effectiveLevel(subject);
                if (live.isEmpty()) {
                    return List.of();
                }
                return ref.isEmpty() ? CompatibilityMessages.check(level, schema, live)
                        : CompatibilityMessages.checkOne(level, schema, live.get(live.size() - 1));
            });
        }
        int number = ref.get().number();
        return withCatchUp("Checking compatibility", () -> state.locked(() -> {
            StoredSchema target = visible(subject, false).stream().filter(stored -> stored.version() == number)
                    .findFirst().orElseThrow(() -> RegistryException.versionNotFound(number));
            return CompatibilityMessages.checkOne(state.effectiveLevel(subject), schema, target);
        }));
    }

    CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    /** The subject's own level; without one, the global level when asked, else 40408. */
    CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        if (defaultToGlobal) {
            return state.effectiveLevel(subject);
        }
        return withCatchUp("Reading a subject's compatibility level", () -> state.subjectLevel(subject)
                .orElseThrow(() -> RegistryException.subjectCompatibilityNotConfigured(subject)));
    }

    private List<StoredSchema> visible(String subject, boolean includeDeleted) {
        List<StoredSchema> visible = includeDeleted ? state.versions(subject) : state.liveVersions(subject);
        if (visible.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return visible;
    }

    private List<StoredSchema> usersOf(int id, boolean includeDeleted) {
        return state.locked(() -> {
            if (state.schemaById(id).isEmpty()) {
                throw RegistryException.schemaNotFound(Integer.toString(id));
            }
            return state.versionsWithId(id).stream().filter(schema -> includeDeleted || !schema.deleted()).toList();
        });
    }

    private <T> T withCatchUp(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (RegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            sync.catchUp(SchemaTopic.deadline(kafkaTimeout), what);
            return read.get();
        }
    }
}
