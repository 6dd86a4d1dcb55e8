package io.agentevents.local.registry;

import io.agentevents.schemas.registry.CompatibilityLevel;

import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The registry's state in memory: a fold of the topic's records, applied in offset order by the
 * one reader thread, read by every HTTP thread.
 *
 * <p>Thread-safe: every method holds this object's monitor, so each answer is a consistent view
 * of the log up to {@link #appliedOffset()}. {@link #locked} runs several queries against one view.
 */
final class RegistryState {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryState.class);

    /** A schema id: its text, type, comparison key and the subject versions that use it. */
    private static final class IdEntry {
        final String schema;
        final String schemaType;
        final String comparisonKey;
        final Set<SubjectVersion> users = new LinkedHashSet<>();

        IdEntry(String schema, String schemaType, String comparisonKey) {
            this.schema = schema;
            this.schemaType = schemaType;
            this.comparisonKey = comparisonKey;
        }
    }

    private final CompatibilityLevel defaultLevel;
    private final Map<String, NavigableMap<Integer, StoredSchema>> subjects = new TreeMap<>();
    private final Map<Integer, IdEntry> ids = new HashMap<>();
    private final Map<String, Integer> idByComparisonKey = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;
    private long appliedOffset;
    private int waiters;
    private RuntimeException readerFailure;

    RegistryState(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
    }

    // ---------------------------------------------------------------- applying the log

    /** Applies one record of the topic. */
    synchronized void apply(TopicEntry entry) {
        if (entry instanceof TopicEntry.SchemaEntry schemaEntry) {
            applySchema(schemaEntry);
        } else if (entry instanceof TopicEntry.ConfigEntry config) {
            applyConfig(config);
        } else if (entry instanceof TopicEntry.DeleteSubjectEntry delete) {
            NavigableMap<Integer, StoredSchema> versions = subjects.get(delete.subject());
            if (versions != null) {
                versions.headMap(delete.version(), true).replaceAll((version, schema) -> schema.asDeleted());
            }
        }
    }

    /** Records that every record before {@code position} has been applied, and wakes waiters. */
    synchronized void advanceTo(long position) {
        if (position > appliedOffset) {
            appliedOffset = position;
            notifyAll();
        }
    }

    /** Marks the reader as dead: waits fail from now on with this cause. */
    synchronized void readerFailed(RuntimeException cause) {
        readerFailure = cause;
        notifyAll();
    }

    synchronized long appliedOffset() {
        return appliedOffset;
    }

    /**
     * Waits until every record before {@code offset} is applied.
     *
     * @param nudge run (once, after this waiter is counted) when the wait is needed, to hurry the reader
     * @throws TimeoutException     when the deadline ({@link System#nanoTime()} based) passes first
     * @throws IllegalStateException when the reader thread has died
     */
    synchronized void awaitApplied(long offset, long deadlineNanos, Runnable nudge)
            throws TimeoutException, InterruptedException {
        waiters++;
        try {
            if (appliedOffset < offset) {
                nudge.run();
            }
            while (appliedOffset < offset) {
                if (readerFailure != null) {
                    throw new IllegalStateException("the registry's topic reader stopped: "
                            + readerFailure.getMessage(), readerFailure);
                }
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException("the topic reader reached offset " + appliedOffset + " of " + offset);
                }
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            }
        } finally {
            waiters--;
        }
    }

    /** Whether some thread waits in {@link #awaitApplied}: the reader then polls in short steps. */
    synchronized boolean hasWaiters() {
        return waiters > 0;
    }

    private void applySchema(TopicEntry.SchemaEntry entry) {
        SubjectVersion key = entry.key();
        NavigableMap<Integer, StoredSchema> versions = subjects.computeIfAbsent(key.subject(), s -> new TreeMap<>());
        StoredSchema previous = entry.value().isPresent()
                ? versions.put(key.version(), entry.value().get())
                : versions.remove(key.version());
        if (previous != null) {
            release(previous.id(), key);
        }
        if (versions.isEmpty()) {
            subjects.remove(key.subject());
        }
        entry.value().ifPresent(schema -> use(schema, key));
    }

    private void use(StoredSchema schema, SubjectVersion user) {
        IdEntry idEntry = ids.get(schema.id());
        if (idEntry == null) {
            idEntry = new IdEntry(schema.schema(), schema.schemaType(), comparisonKey(schema.schema(), schema.schemaType()));
            ids.put(schema.id(), idEntry);
            idByComparisonKey.putIfAbsent(idEntry.comparisonKey, schema.id());
        } else if (!idEntry.schema.equals(schema.schema())) {
            LOG.warn("schema id {} of {} version {} differs from the schema stored under that id before; "
                    + "keeping the first", schema.id(), user.subject(), user.version());
        }
        idEntry.users.add(user);
        maxId = Math.max(maxId, schema.id());
    }

    private void release(int id, SubjectVersion user) {
        IdEntry idEntry = ids.get(id);
        if (idEntry != null && idEntry.users.remove(user) && idEntry.users.isEmpty()) {
            // only a permanent delete (a tombstone written by a Confluent registry) gets here;
            // maxId keeps counting it, so the id is not handed out again by this instance
            ids.remove(id);
            idByComparisonKey.remove(idEntry.comparisonKey, id);
        }
    }

    private void applyConfig(TopicEntry.ConfigEntry entry) {
        if (entry.subject().isEmpty()) {
            globalLevel = entry.level().orElse(null);
        } else if (entry.level().isPresent()) {
            subjectLevels.put(entry.subject().get(), entry.level().get());
        } else {
            subjectLevels.remove(entry.subject().get());
        }
    }

    // ---------------------------------------------------------------- queries

    /** Runs several queries against one consistent view (the reader waits meanwhile). */
    synchronized <T> T locked(Supplier<T> queries) {
        return queries.get();
    }

    /** Subject names in order: those with a live version, or with any version when {@code includeDeleted}. */
    synchronized List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(schema -> !schema.deleted())) {
                names.add(name);
            }
        });
        return names;
    }

    /** Every version of a subject, soft-deleted ones included, oldest first; empty for an unknown subject. */
    synchronized List<StoredSchema> versions(String subject) {
        NavigableMap<Integer, StoredSchema> versions = subjects.get(subject);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /** The live (not soft-deleted) versions of a subject, oldest first. */
    synchronized List<StoredSchema> liveVersions(String subject) {
        return versions(subject).stream().filter(schema -> !schema.deleted()).toList();
    }

    /** The highest version a subject ever had, soft-deleted ones included; 0 for none. */
    synchronized int maxVersion(String subject) {
        NavigableMap<Integer, StoredSchema> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    /**
     * The version of {@code subject} holding this schema: a live one when there is one, else
     * (when {@code includeDeleted}) the latest soft-deleted one.
     */
    synchronized Optional<StoredSchema> find(String subject, Schema schema, boolean includeDeleted) {
        String key = AvroSchemas.AVRO + ":" + AvroSchemas.canonical(schema);
        StoredSchema deletedMatch = null;
        for (StoredSchema stored : versions(subject)) {
            IdEntry idEntry = ids.get(stored.id());
            if (idEntry != null && idEntry.comparisonKey.equals(key)) {
                if (!stored.deleted()) {
                    return Optional.of(stored);
                }
                deletedMatch = stored;
            }
        }
        return includeDeleted ? Optional.ofNullable(deletedMatch) : Optional.empty();
    }

    /** The id already given to this schema under any subject, soft-deleted versions included. */
    synchronized OptionalInt idOf(Schema schema) {
        Integer id = idByComparisonKey.get(AvroSchemas.AVRO + ":" + AvroSchemas.canonical(schema));
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The highest id ever seen in the topic; 0 for none. */
    synchronized int maxId() {
        return maxId;
    }

    /** The schema with this id as {@code (text, type)}, while any subject version (soft-deleted or not) uses it. */
    synchronized Optional<StoredSchema> schemaById(int id) {
        IdEntry idEntry = ids.get(id);
        if (idEntry == null) {
            return Optional.empty();
        }
        SubjectVersion first = idEntry.users.iterator().next();
        return Optional.of(new StoredSchema(first.subject(), first.version(), id, idEntry.schema,
                idEntry.schemaType, false));
    }

    /** The subject versions using an id, in subject then version order. */
    synchronized List<StoredSchema> versionsWithId(int id) {
        IdEntry idEntry = ids.get(id);
        if (idEntry == null) {
            return List.of();
        }
        List<StoredSchema> users = new ArrayList<>();
        for (SubjectVersion user : idEntry.users) {
            users.add(subjects.get(user.subject()).get(user.version()));
        }
        users.sort((a, b) -> a.subject().equals(b.subject()) ? Integer.compare(a.version(), b.version())
                : a.subject().compareTo(b.subject()));
        return users;
    }

    /** The level set on the subject itself, if any. */
    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** The global level: the one set through {@code PUT /config}, else the configured default. */
    synchronized CompatibilityLevel globalLevel() {
        return globalLevel == null ? defaultLevel : globalLevel;
    }

    /** The global level set through {@code PUT /config}, if any (else the configured default applies). */
    synchronized Optional<CompatibilityLevel> explicitGlobalLevel() {
        return Optional.ofNullable(globalLevel);
    }

    /** The level that applies to a subject: its own, else the global one. */
    synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).orElseGet(this::globalLevel);
    }

    private static String comparisonKey(String schemaText, String schemaType) {
        if (AvroSchemas.AVRO.equals(schemaType)) {
            Optional<Schema> parsed = AvroSchemas.parseStored(schemaText);
            if (parsed.isPresent()) {
                return AvroSchemas.AVRO + ":" + AvroSchemas.canonical(parsed.get());
            }
            LOG.warn("a stored schema is not valid Avro; it only matches identical text");
        }
        return "RAW:" + schemaType + ":" + schemaText;
    }
}
