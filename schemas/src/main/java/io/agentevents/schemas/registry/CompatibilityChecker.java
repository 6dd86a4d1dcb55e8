package io.agentevents.schemas.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a new Avro schema may join a subject under a {@link CompatibilityLevel}, with
 * Avro's own rules ({@link SchemaCompatibility}), the way Confluent Schema Registry does:
 * <ul>
 *   <li>backward: the new schema, as reader, reads data written with the earlier version(s);</li>
 *   <li>forward: the earlier version(s), as readers, read data written with the new schema;</li>
 *   <li>transitive levels check every earlier version, the others only the latest;</li>
 *   <li>{@code NONE}, or a subject with no version yet, accepts anything.</li>
 * </ul>
 * Used by {@link InMemorySchemaRegistryClient}, and usable by a registry server. Stateless and
 * thread-safe.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /**
     * Checks {@code candidate} against the subject's versions.
     *
     * @param level    the subject's compatibility level
     * @param candidate the schema to be registered
     * @param versions the subject's schemas, oldest first (version 1 first); may be empty
     * @return compatible, or incompatible with one message per problem, each naming the version,
     *         the direction, Avro's incompatibility type, the location and the problem
     */
    public static CompatibilityResult check(CompatibilityLevel level, Schema candidate, List<Schema> versions) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(versions, "versions");
        if (level == CompatibilityLevel.NONE || versions.isEmpty()) {
            return CompatibilityResult.ofCompatible();
        }
        int first = level.transitive() ? 0 : versions.size() - 1;
        List<String> messages = new ArrayList<>();
        for (int i = versions.size() - 1; i >= first; i--) {
            Schema earlier = versions.get(i);
            int version = i + 1;
            if (level.backward()) {
                collect(messages, candidate, earlier,
                        "the new schema cannot read data written with version " + version, level);
            }
            if (level.forward()) {
                collect(messages, earlier, candidate,
                        "version " + version + " cannot read data written with the new schema", level);
            }
        }
        return messages.isEmpty() ? CompatibilityResult.ofCompatible() : CompatibilityResult.ofIncompatible(messages);
    }

    private static void collect(List<String> messages, Schema reader, Schema writer, String direction,
                                CompatibilityLevel level) {
        SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (pair.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility problem : pair.getResult().getIncompatibilities()) {
            messages.add(direction + " (" + level + "): " + problem.getType() + " at " + problem.getLocation()
                    + ": " + problem.getMessage());
        }
    }
}
