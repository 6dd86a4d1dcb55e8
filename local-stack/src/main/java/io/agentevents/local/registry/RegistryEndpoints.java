package io.agentevents.local.registry;

import io.agentevents.local.registry.ApiBodies.CompatibilityLevelBody;
import io.agentevents.local.registry.ApiBodies.CompatibilityResult;
import io.agentevents.local.registry.ApiBodies.CompatibilityUpdateBody;
import io.agentevents.local.registry.ApiBodies.RawJson;
import io.agentevents.local.registry.ApiBodies.RegisteredId;
import io.agentevents.local.registry.ApiBodies.SchemaById;
import io.agentevents.local.registry.ApiBodies.SchemaVersion;
import io.agentevents.schemas.registry.CompatibilityLevel;

import org.apache.avro.Schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Confluent Schema Registry REST API v1 (Avro only): which path does what, and how path
 * segments, query flags and bodies become arguments of the {@link RegistryQueries} and
 * {@link RegistryCommands}. Stateless apart from those two; thread-safe.
 *
 * <p>Choices where Confluent is silent or differs between versions:
 * <ul>
 *   <li>a non-numeric or non-positive schema id is "not found": 404 with 40403 (Confluent answers
 *       404 too, from JAX-RS, with the plain code 404);</li>
 *   <li>a compatibility check of {@code latest} or of all versions against a subject without live
 *       versions answers {@code is_compatible: true}, as Confluent does (any schema may start a
 *       subject); against a numbered version of such a subject it is 404/40401;</li>
 *   <li>{@code permanent=true} deletes are refused with 422/42205: ids stay resolvable forever;</li>
 *   <li>a subject soft-delete keeps the subject's own compatibility level;</li>
 *   <li>a missing or non-string {@code "schema"}, or an empty body, is 422/42201 (not 400); a body
 *       that is not JSON is 400/400; a {@code PUT /config} body without a valid level is 422/42203;</li>
 *   <li>an unknown subject, version or id is first looked up again after catching up with the log;
 *       when Kafka cannot be reached for that, the answer is 500/50002 (retriable), not a 404
 *       that may be wrong;</li>
 *   <li>the {@code Accept} header is not negotiated: answers are always
 *       {@code application/vnd.schemaregistry.v1+json}.</li>
 * </ul>
 */
final class RegistryEndpoints {
    private final RegistryQueries queries;
    private final RegistryCommands commands;

    RegistryEndpoints(RegistryQueries queries, RegistryCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    /** A router with every endpoint. */
    Router router() {
        return new Router()
                .add("GET", "/", request -> Map.of())
                .add("GET", "/schemas/types", request -> List.of(AvroSchemas.AVRO))
                .add("GET", "/schemas/ids/{id}", request -> SchemaById.of(queries.schemaById(id(request))))
                .add("GET", "/schemas/ids/{id}/schema", request -> new RawJson(queries.schemaById(id(request)).schema()))
                .add("GET", "/schemas/ids/{id}/versions",
                        request -> queries.versionsOfId(id(request), request.flag("deleted")))
                .add("GET", "/schemas/ids/{id}/subjects",
                        request -> queries.subjectsOfId(id(request), request.flag("deleted")))
                .add("GET", "/subjects", request -> queries.subjects(request.flag("deleted"),
                        request.queryParameter("subjectPrefix", "")))
                .add("POST", "/subjects/{subject}", this::lookup)
                .add("DELETE", "/subjects/{subject}", request -> {
                    refusePermanent(request);
                    return commands.deleteSubject(subject(request));
                })
                .add("GET", "/subjects/{subject}/versions",
                        request -> queries.versions(subject(request), request.flag("deleted")))
                .add("POST", "/subjects/{subject}/versions", this::register)
                .add("GET", "/subjects/{subject}/versions/{version}", request -> SchemaVersion.of(version(request)))
                .add("DELETE", "/subjects/{subject}/versions/{version}", request -> {
                    String subject = subject(request);
                    VersionRef version = VersionRef.parse(request.pathParameter("version"));
                    refusePermanent(request);
                    return commands.deleteVersion(subject, version);
                })
                .add("GET", "/subjects/{subject}/versions/{version}/schema",
                        request -> new RawJson(version(request).schema()))
                .add("GET", "/subjects/{subject}/versions/{version}/referencedby", request -> {
                    version(request);
                    return List.of(); // references are not supported, so nothing refers to a version
                })
                .add("POST", "/compatibility/subjects/{subject}/versions", request -> compatibility(request, false))
                .add("POST", "/compatibility/subjects/{subject}/versions/{version}",
                        request -> compatibility(request, true))
                .add("GET", "/config", request -> new CompatibilityLevelBody(queries.globalLevel().name()))
                .add("PUT", "/config", request -> new CompatibilityUpdateBody(
                        commands.setLevel(Optional.empty(), RequestBodies.compatibility(request.body())).name()))
                .add("DELETE", "/config",
                        request -> new CompatibilityLevelBody(commands.deleteLevel(Optional.empty()).name()))
                .add("GET", "/config/{subject}", request -> new CompatibilityLevelBody(
                        queries.subjectLevel(subject(request), request.flag("defaultToGlobal")).name()))
                .add("PUT", "/config/{subject}", request -> {
                    String subject = subject(request);
                    CompatibilityLevel level = RequestBodies.compatibility(request.body());
                    return new CompatibilityUpdateBody(commands.setLevel(Optional.of(subject), level).name());
                })
                .add("DELETE", "/config/{subject}", request -> new CompatibilityLevelBody(
                        commands.deleteLevel(Optional.of(subject(request))).name()));
    }

    private Object register(Router.Request request) {
        String subject = subject(request);
        Schema schema = RequestBodies.schema(request.body());
        return new RegisteredId(commands.register(subject, schema));
    }

    private Object lookup(Router.Request request) {
        String subject = subject(request);
        Schema schema = RequestBodies.schema(request.body());
        return SchemaVersion.of(queries.lookup(subject, schema, request.flag("deleted")));
    }

    private StoredSchema version(Router.Request request) {
        String subject = subject(request);
        VersionRef version = VersionRef.parse(request.pathParameter("version"));
        return queries.version(subject, version, request.flag("deleted"));
    }

    private Object compatibility(Router.Request request, boolean withVersion) {
        String subject = subject(request);
        Optional<VersionRef> version = withVersion
                ? Optional.of(VersionRef.parse(request.pathParameter("version"))) : Optional.empty();
        Schema schema = RequestBodies.schema(request.body());
        List<String> messages = queries.compatibility(subject, version, schema);
        return new CompatibilityResult(messages.isEmpty(), request.flag("verbose") ? messages : null);
    }

    private static void refusePermanent(Router.Request request) {
        if (request.flag("permanent")) {
            throw RegistryException.operationNotPermitted("Permanent deletion is not supported by this registry: "
                    + "soft-deleted versions keep their ids resolvable");
        }
    }

    /** The decoded subject; 42208 when empty or holding control characters. */
    private static String subject(Router.Request request) {
        String subject = request.pathParameter("subject");
        if (subject.isEmpty() || subject.chars().anyMatch(Character::isISOControl)) {
            throw RegistryException.invalidSubject(subject);
        }
        return subject;
    }

    /** A schema id: 1..2^31-1; anything else is an id that cannot exist (404/40403). */
    private static int id(Router.Request request) {
        String text = request.pathParameter("id");
        try {
            int id = Integer.parseInt(text.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through: not an id, so no such schema
        }
        throw RegistryException.schemaNotFound(text);
    }
}
