package io.agentevents.local.registry;

import io.agentevents.schemas.registry.CompatibilityLevel;

import java.util.Objects;
import java.util.Optional;

/** One record of the registry topic, decoded. Confluent's key types that matter here, plus the rest. */
sealed interface TopicEntry {

    /** A subject version ({@code keytype SCHEMA}); an empty value is a tombstone (a permanent delete). */
    record SchemaEntry(SubjectVersion key, Optional<StoredSchema> value) implements TopicEntry {
        public SchemaEntry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A compatibility level ({@code keytype CONFIG}) of a subject, or the global one when the
     * subject is empty; an empty level means the setting was deleted.
     */
    record ConfigEntry(Optional<String> subject, Optional<CompatibilityLevel> level) implements TopicEntry {
        public ConfigEntry {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(level, "level");
        }
    }

    /** Confluent's soft delete of a whole subject ({@code keytype DELETE_SUBJECT}): every version up to {@code version}. */
    record DeleteSubjectEntry(String subject, int version) implements TopicEntry {
        public DeleteSubjectEntry {
            Objects.requireNonNull(subject, "subject");
        }
    }

    /** Any other key type (NOOP, MODE, CONTEXT, ...) or a tombstone of one: nothing to apply. */
    record Ignored(String keyType) implements TopicEntry {
    }
}
