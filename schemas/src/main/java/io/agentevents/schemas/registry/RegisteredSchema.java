package io.agentevents.schemas.registry;

import org.apache.avro.Schema;

import java.util.Objects;

/**
 * One version of a subject: the schema, its global id and its version number within the subject.
 * Immutable (Avro {@link Schema}s are not changed once built), so safe to share between threads.
 *
 * @param subject the subject, e.g. {@code events.plan-value}
 * @param id      the registry-wide schema id (positive; the same schema has the same id in every subject)
 * @param version the version within the subject (1, 2, ...)
 * @param schema  the Avro schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {

    /** Checks the fields: none null, id not negative, version 1 or more. */
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (id < 0) {
            throw new IllegalArgumentException("id: must not be negative, got " + id);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version: must be at least 1, got " + version);
        }
    }
}
