package io.agentevents.schemas.registry;

import org.apache.avro.Schema;

import java.util.List;

/**
 * A client of a Confluent-compatible schema registry (REST API v1), for Avro schemas.
 *
 * <p>Implementations: {@link HttpSchemaRegistryClient} talks to a real registry (the embedded one
 * of the local platform, Confluent Schema Registry, or any compatible server);
 * {@link InMemorySchemaRegistryClient} is a registry inside the process, for tests.
 *
 * <p>Implementations are thread-safe: one instance is meant to be shared by every producer,
 * consumer and serde of a process. Every call either answers or throws a
 * {@link SchemaRegistryException} within a bounded time (the HTTP client's connect and request
 * timeouts); {@link SchemaRegistryException#retriable()} says whether trying again may help.
 * Schema ids are immutable, so implementations may cache {@link #schemaById(int)}, and the id of a
 * schema under a subject, for ever; they never cache failures.
 *
 * <p>Subjects are plain strings (the serde uses {@code <topic>-value}); the HTTP client encodes
 * them into the request path.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers the schema under the subject and answers its id
     * ({@code POST /subjects/{subject}/versions}). Registering a schema that the subject already
     * holds answers its existing id and adds no version; a new schema must pass the subject's
     * compatibility level.
     *
     * @throws SchemaRegistryException {@link SchemaRegistryException#INCOMPATIBLE_SCHEMA} when the
     *                                 schema breaks the subject's compatibility level
     */
    int register(String subject, Schema schema);

    /**
     * The version of the subject that holds this schema ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaRegistryException {@link SchemaRegistryException#SUBJECT_NOT_FOUND} or
     *                                 {@link SchemaRegistryException#SCHEMA_NOT_FOUND} when it is not registered
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * The schema with this id ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaRegistryException {@link SchemaRegistryException#SCHEMA_NOT_FOUND} for an unknown id
     */
    Schema schemaById(int id);

    /** Every subject, in the registry's order ({@code GET /subjects}). */
    List<String> subjects();

    /**
     * The versions of a subject, oldest first ({@code GET /subjects/{subject}/versions}).
     *
     * @throws SchemaRegistryException {@link SchemaRegistryException#SUBJECT_NOT_FOUND}
     */
    List<Integer> versions(String subject);

    /**
     * One version of a subject ({@code GET /subjects/{subject}/versions/{version}}).
     *
     * @param version 1 or more
     * @throws IllegalArgumentException if {@code version < 1}
     * @throws SchemaRegistryException  {@link SchemaRegistryException#SUBJECT_NOT_FOUND} or
     *                                  {@link SchemaRegistryException#VERSION_NOT_FOUND}
     */
    RegisteredSchema version(String subject, int version);

    /**
     * Every live version of a subject with its schema, oldest first; none when the subject does not exist.
     *
     * @throws SchemaRegistryException when the registry fails otherwise
     */
    default List<RegisteredSchema> liveVersions(String subject) {
        List<Integer> numbers;
        try {
            numbers = versions(subject);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        return numbers.stream().map(version -> version(subject, version)).toList();
    }

    /**
     * The latest version of a subject ({@code GET /subjects/{subject}/versions/latest}).
     *
     * @throws SchemaRegistryException {@link SchemaRegistryException#SUBJECT_NOT_FOUND}
     */
    RegisteredSchema latest(String subject);

    /**
     * Whether the schema could be registered under the subject now, with the reasons when it could
     * not ({@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}). A subject
     * with no version accepts any schema.
     */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** The registry-wide compatibility level ({@code GET /config}). */
    CompatibilityLevel globalCompatibility();

    /** Sets the registry-wide compatibility level ({@code PUT /config}). */
    void setGlobalCompatibility(CompatibilityLevel level);

    /**
     * The subject's compatibility level, or the global one when the subject has none of its own
     * ({@code GET /config/{subject}?defaultToGlobal=true}).
     */
    CompatibilityLevel subjectCompatibility(String subject);

    /** Sets the subject's own compatibility level ({@code PUT /config/{subject}}). */
    void setSubjectCompatibility(String subject, CompatibilityLevel level);

    /**
     * Releases the client's resources. Calls after close fail with {@link IllegalStateException}.
     * Idempotent; never throws.
     */
    @Override
    void close();
}
