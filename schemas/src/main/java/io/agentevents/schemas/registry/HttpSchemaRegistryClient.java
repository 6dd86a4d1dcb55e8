package io.agentevents.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentevents.schemas.registry.RegistryTransport.Answer;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link SchemaRegistryClient} over HTTP: speaks the Confluent REST API v1
 * ({@code application/vnd.schemaregistry.v1+json}) to the embedded registry of the local platform,
 * to Confluent Schema Registry, or to any compatible server.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Bounded: each try of a request waits at most {@link SchemaRegistryConfig#connectTimeout()}
 *       to connect and {@link SchemaRegistryConfig#requestTimeout()} for the answer. When a URL cannot
 *       be reached (refused, timed out), the next one is tried, so a call takes at most
 *       {@code urls × (connect + request timeout)}; the next call starts from the URL that last
 *       answered. HTTP error answers are not retried; the caller decides, using
 *       {@link SchemaRegistryException#retriable()}.</li>
 *   <li>Cached: {@link #schemaById(int)} (ids are immutable), and the answers of
 *       {@link #register(String, Schema)} and {@link #lookup(String, Schema)} per (subject, schema),
 *       each up to {@link SchemaRegistryConfig#cacheCapacity()} entries. Failures are never cached.
 *       Listing calls, compatibility tests and configuration always ask the registry.</li>
 *   <li>Thread-safe: one instance serves every thread of a process. Two threads missing the cache
 *       for the same key at once may both ask the registry; both get the same answer.</li>
 * </ul>
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final SchemaRegistryConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final RegistryTransport transport;
    private final BoundedCache<Integer, Schema> schemasById;
    private final BoundedCache<SubjectSchema, Integer> idsBySubjectSchema;
    private final BoundedCache<SubjectSchema, RegisteredSchema> versionsBySubjectSchema;
    private volatile boolean closed;

    /** A client of the registry this configuration names. Opens no connection until the first call. */
    public HttpSchemaRegistryClient(SchemaRegistryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new RegistryTransport(config, json);
        this.schemasById = new BoundedCache<>(config.cacheCapacity());
        this.idsBySubjectSchema = new BoundedCache<>(config.cacheCapacity());
        this.versionsBySubjectSchema = new BoundedCache<>(config.cacheCapacity());
    }

    /** The configuration this client was built with. */
    public SchemaRegistryConfig config() {
        return config;
    }

    @Override
    public int register(String subject, Schema schema) {
        checkOpen();
        return idsBySubjectSchema.getOrLoad(subjectSchema(subject, schema), key -> {
            int id = intField(transport.send("POST", "/subjects/" + encode(subject) + "/versions",
                    schemaBody(schema), subject), "id");
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        checkOpen();
        return versionsBySubjectSchema.getOrLoad(subjectSchema(subject, schema), key -> {
            RegisteredSchema found = registered(transport.send("POST", "/subjects/" + encode(subject),
                    schemaBody(schema), subject));
            idsBySubjectSchema.put(key, found.id());
            schemasById.put(found.id(), found.schema());
            return found;
        });
    }

    @Override
    public Schema schemaById(int id) {
        checkOpen();
        return schemasById.getOrLoad(id, key -> schemaField(transport.send("GET", "/schemas/ids/" + id, null, null)));
    }

    /** The cache key of a (subject, schema) pair, both checked. */
    private static SubjectSchema subjectSchema(String subject, Schema schema) {
        return new SubjectSchema(checkSubject(subject), Objects.requireNonNull(schema, "schema"));
    }

    @Override
    public List<String> subjects() {
        checkOpen();
        Answer answer = array(transport.send("GET", "/subjects", null, null));
        List<String> subjects = new ArrayList<>();
        for (JsonNode item : answer.body()) {
            if (!item.isTextual()) {
                throw answer.bad("the answer holds a subject that is not a string: " + item, null);
            }
            subjects.add(item.asText());
        }
        return List.copyOf(subjects);
    }

    @Override
    public List<Integer> versions(String subject) {
        checkOpen();
        Answer answer = array(transport.send("GET", "/subjects/" + encode(checkSubject(subject)) + "/versions", null, subject));
        List<Integer> versions = new ArrayList<>();
        for (JsonNode item : answer.body()) {
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw answer.bad("the answer holds a version that is not an integer: " + item, null);
            }
            versions.add(item.asInt());
        }
        return List.copyOf(versions);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version: must be at least 1, got " + version);
        }
        return fetchVersion(subject, Integer.toString(version));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return fetchVersion(subject, "latest");
    }

    private RegisteredSchema fetchVersion(String subject, String version) {
        checkOpen();
        return registered(transport.send("GET", "/subjects/" + encode(checkSubject(subject)) + "/versions/" + version,
                null, subject));
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        checkOpen();
        Answer answer = transport.send("POST",
                "/compatibility/subjects/" + encode(checkSubject(subject)) + "/versions/latest?verbose=true",
                schemaBody(Objects.requireNonNull(schema, "schema")), subject);
        JsonNode compatible = answer.body().get("is_compatible");
        if (compatible == null || !compatible.isBoolean()) {
            throw answer.bad("the answer has no boolean is_compatible: " + answer.body(), null);
        }
        List<String> messages = new ArrayList<>();
        answer.body().path("messages").forEach(message -> messages.add(message.asText()));
        return new CompatibilityResult(compatible.asBoolean(), messages);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        checkOpen();
        return level(transport.send("GET", "/config", null, null));
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        checkOpen();
        Objects.requireNonNull(level, "level");
        transport.send("PUT", "/config", json.createObjectNode().put("compatibility", level.name()), null);
    }

    @Override
    public CompatibilityLevel subjectCompatibility(String subject) {
        checkOpen();
        return level(transport.send("GET", "/config/" + encode(checkSubject(subject)) + "?defaultToGlobal=true",
                null, subject));
    }

    @Override
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        checkOpen();
        Objects.requireNonNull(level, "level");
        transport.send("PUT", "/config/" + encode(checkSubject(subject)),
                json.createObjectNode().put("compatibility", level.name()), subject);
    }

    /** Forgets the caches; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        schemasById.clear();
        idsBySubjectSchema.clear();
        versionsBySubjectSchema.clear();
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient" + transport.bases();
    }

    /** Encodes a subject as one URL path segment: every byte but ALPHA / DIGIT / - . _ ~ as %XX. */
    static String encode(String segment) {
        StringBuilder out = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("schema registry client " + transport.bases() + " is closed");
        }
    }

    private static String checkSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("subject: must not be empty");
        }
        return subject;
    }

    private ObjectNode schemaBody(Schema schema) {
        // the full schema text (docs, defaults, logical types), as Confluent's own client sends it
        return json.createObjectNode().put("schema", schema.toString());
    }

    private static RegisteredSchema registered(Answer answer) {
        JsonNode body = answer.body();
        String subject = body.path("subject").isTextual() ? body.get("subject").asText() : answer.subject();
        int version = intField(answer, "version");
        if (version < 1) {
            throw answer.bad("the answer has version " + version + ", expected 1 or more", null);
        }
        return new RegisteredSchema(subject, intField(answer, "id"), version, schemaField(answer));
    }

    private static Schema schemaField(Answer answer) {
        JsonNode body = answer.body();
        JsonNode type = body.get("schemaType");
        if (type != null && type.isTextual() && !type.asText().equalsIgnoreCase("AVRO")) {
            throw answer.bad("the answer holds a " + type.asText() + " schema, not an Avro one", null);
        }
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual()) {
            throw answer.bad("the answer has no schema string: " + body, null);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (AvroRuntimeException | NullPointerException e) {
            // Avro 1.12 reports a reference to an undefined named type as a NullPointerException
            throw answer.bad("the schema does not parse as Avro: " + e.getMessage(), e);
        }
    }

    private static int intField(Answer answer, String field) {
        JsonNode value = answer.body().get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
            throw answer.bad("the answer has no non-negative integer " + field + ": " + answer.body(), null);
        }
        return value.asInt();
    }

    private static Answer array(Answer answer) {
        if (!answer.body().isArray()) {
            throw answer.bad("the answer is not a JSON array: " + answer.body(), null);
        }
        return answer;
    }

    private static CompatibilityLevel level(Answer answer) {
        // GET answers {"compatibilityLevel": ...}; some servers use "compatibility", as PUT does
        JsonNode body = answer.body();
        JsonNode value = body.hasNonNull("compatibilityLevel") ? body.get("compatibilityLevel") : body.get("compatibility");
        if (value == null || !value.isTextual()) {
            throw answer.bad("the answer has no compatibilityLevel: " + body, null);
        }
        return CompatibilityLevel.parse(value.asText())
                .orElseThrow(() -> answer.bad("the answer names an unknown compatibility level '" + value.asText() + "'", null));
    }
}
