package io.agentevents.schemas.registry;

import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real schema registry inside the process, for unit tests and {@code TopologyTestDriver} tests:
 * the counterpart of {@link HttpSchemaRegistryClient}, as Kafka's {@code MockProducer} is of
 * {@code KafkaProducer}.
 *
 * <p>It behaves as Confluent Schema Registry does:
 * <ul>
 *   <li>ids are global and start at 1; equal schemas ({@link Schema#equals}: same structure,
 *       names, defaults and properties) get the same id in every subject;</li>
 *   <li>each subject numbers its versions 1, 2, ...; registering a schema the subject already holds
 *       answers its id and adds no version;</li>
 *   <li>a new version must pass the subject's compatibility level (its own, else the global one,
 *       {@link CompatibilityLevel#BACKWARD} unless given), checked with Avro's rules by
 *       {@link CompatibilityChecker};</li>
 *   <li>failures are {@link SchemaRegistryException}s with the HTTP status and Confluent error code
 *       a real registry answers (e.g. 404 / {@link SchemaRegistryException#SUBJECT_NOT_FOUND},
 *       409 / {@link SchemaRegistryException#INCOMPATIBLE_SCHEMA}, 40901), never retriable.</li>
 * </ul>
 *
 * <p>Thread-safe: changes are serialized, {@link #schemaById(int)} reads without locking. Each
 * instance is its own registry; nothing is shared between instances (no static state).
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final String NAME = "in-memory";

    private record Version(int id, Schema schema) {
    }

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, List<Version>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int nextId = 1;
    private volatile boolean closed;

    /** An empty registry with the global level {@link CompatibilityLevel#BACKWARD}, like Confluent's default. */
    public InMemorySchemaRegistryClient() {
        this(CompatibilityLevel.BACKWARD);
    }

    /** An empty registry with this global compatibility level. */
    public InMemorySchemaRegistryClient(CompatibilityLevel globalLevel) {
        this.globalLevel = Objects.requireNonNull(globalLevel, "globalLevel");
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        checkOpen();
        checkSubject(subject);
        Objects.requireNonNull(schema, "schema");
        List<Version> versions = subjects.getOrDefault(subject, List.of());
        for (Version version : versions) {
            if (version.schema().equals(schema)) {
                return version.id();
            }
        }
        CompatibilityLevel level = subjectLevels.getOrDefault(subject, globalLevel);
        CompatibilityResult result = CompatibilityChecker.check(level, schema,
                versions.stream().map(Version::schema).toList());
        if (!result.compatible()) {
            throw SchemaRegistryException.httpError(NAME, "POST /subjects/" + subject + "/versions", subject,
                    409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + result.messages());
        }
        Integer id = idsBySchema.get(schema);
        if (id == null) {
            id = nextId++;
            idsBySchema.put(schema, id);
            schemasById.put(id, schema);
        }
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(new Version(id, schema));
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        checkOpen();
        Objects.requireNonNull(schema, "schema");
        String request = "POST /subjects/" + subject;
        List<Version> versions = versionsOf(subject, request);
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).schema().equals(schema)) {
                return new RegisteredSchema(subject, versions.get(i).id(), i + 1, versions.get(i).schema());
            }
        }
        throw SchemaRegistryException.httpError(NAME, request, subject, 404,
                SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    @Override
    public Schema schemaById(int id) {
        checkOpen();
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw SchemaRegistryException.httpError(NAME, "GET /schemas/ids/" + id, null, 404,
                    SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized List<String> subjects() {
        checkOpen();
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        checkOpen();
        int count = versionsOf(subject, "GET /subjects/" + subject + "/versions").size();
        List<Integer> numbers = new ArrayList<>(count);
        for (int v = 1; v <= count; v++) {
            numbers.add(v);
        }
        return List.copyOf(numbers);
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version: must be at least 1, got " + version);
        }
        checkOpen();
        String request = "GET /subjects/" + subject + "/versions/" + version;
        List<Version> versions = versionsOf(subject, request);
        if (version > versions.size()) {
            throw SchemaRegistryException.httpError(NAME, request, subject, 404,
                    SchemaRegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.");
        }
        Version found = versions.get(version - 1);
        return new RegisteredSchema(subject, found.id(), version, found.schema());
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        checkOpen();
        List<Version> versions = versionsOf(subject, "GET /subjects/" + subject + "/versions/latest");
        Version found = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, found.id(), versions.size(), found.schema());
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        checkOpen();
        checkSubject(subject);
        Objects.requireNonNull(schema, "schema");
        List<Schema> versions = subjects.getOrDefault(subject, List.of()).stream().map(Version::schema).toList();
        return CompatibilityChecker.check(subjectLevels.getOrDefault(subject, globalLevel), schema, versions);
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        checkOpen();
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        checkOpen();
        globalLevel = Objects.requireNonNull(level, "level");
    }

    @Override
    public synchronized CompatibilityLevel subjectCompatibility(String subject) {
        checkOpen();
        checkSubject(subject);
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        checkOpen();
        checkSubject(subject);
        subjectLevels.put(subject, Objects.requireNonNull(level, "level"));
    }

    /** Marks the registry closed; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public synchronized String toString() {
        return "InMemorySchemaRegistryClient[subjects=" + subjects.keySet() + ", schemas=" + schemasById.size() + "]";
    }

    private List<Version> versionsOf(String subject, String request) {
        checkSubject(subject);
        List<Version> versions = subjects.get(subject);
        if (versions == null) {
            throw SchemaRegistryException.httpError(NAME, request, subject, 404,
                    SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("in-memory schema registry client is closed");
        }
    }

    private static void checkSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("subject: must not be empty");
        }
    }
}
