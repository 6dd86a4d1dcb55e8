package io.agentevents.local.registry;

import java.util.Objects;

/**
 * One version of a subject as kept in the topic: Confluent's {@code SCHEMA} record value.
 *
 * @param subject    the subject
 * @param version    the version within the subject, from 1
 * @param id         the global schema id, shared by every subject registering the same schema
 * @param schema     the schema text as stored (Avro's compact JSON for schemas this registry wrote)
 * @param schemaType {@code AVRO}, or another type a Confluent registry may have written to the topic
 * @param deleted    whether the version is soft-deleted
 */
record StoredSchema(String subject, int version, int id, String schema, String schemaType, boolean deleted) {

    StoredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(schemaType, "schemaType");
    }

    StoredSchema asDeleted() {
        return new StoredSchema(subject, version, id, schema, schemaType, true);
    }

    boolean isAvro() {
        return AvroSchemas.AVRO.equals(schemaType);
    }
}
