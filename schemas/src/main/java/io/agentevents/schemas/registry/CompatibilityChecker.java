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
 *   <li>{@code NONE}, or a subject with no version yet, accepts anything;</li>
 *   <li>versions are checked newest first and the check stops at the first incompatible one.</li>
 * </ul>
 * The one home of compatibility checking: {@link InMemorySchemaRegistryClient} and the embedded
 * registry server use it; the server renders its {@link CompatibilityResult#problems()} in
 * Confluent's verbose format. Stateless and thread-safe.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /**
     * Checks {@code candidate} against the subject's versions.
     *
     * @param level     the subject's compatibility level
     * @param candidate the schema to be registered
     * @param versions  the subject's schemas, oldest first (version 1 first); may be empty
     * @return compatible, or incompatible with one problem per finding of the newest incompatible version
     */
    public static CompatibilityResult check(CompatibilityLevel level, Schema candidate, List<Schema> versions) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(versions, "versions");
        if (level == CompatibilityLevel.NONE || versions.isEmpty()) {
            return CompatibilityResult.ofCompatible();
        }
        int first = level.transitive() ? 0 : versions.size() - 1;
        for (int i = versions.size() - 1; i >= first; i--) {
            CompatibilityResult one = checkAgainst(level, candidate, versions.get(i), i + 1);
            if (!one.compatible()) {
                return one;
            }
        }
        return CompatibilityResult.ofCompatible();
    }

    /**
     * Checks {@code candidate} against one earlier version, in the directions {@code level} asks for
     * (whether transitive or not).
     *
     * @param version the earlier schema's version number, named in the problems
     */
    public static CompatibilityResult checkAgainst(CompatibilityLevel level, Schema candidate, Schema earlier, int version) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(earlier, "earlier");
        List<CompatibilityResult.Problem> problems = new ArrayList<>();
        if (level.backward()) {
            collect(problems, candidate, earlier, version, true);
        }
        if (level.forward()) {
            collect(problems, earlier, candidate, version, false);
        }
        return problems.isEmpty() ? CompatibilityResult.ofCompatible() : CompatibilityResult.ofProblems(level, problems);
    }

    private static void collect(List<CompatibilityResult.Problem> problems, Schema reader, Schema writer, int version,
                                boolean newReadsOld) {
        SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (pair.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility found : pair.getResult().getIncompatibilities()) {
            problems.add(new CompatibilityResult.Problem(version, newReadsOld, found.getType().name(), found.getLocation(),
                    found.getMessage()));
        }
    }
}
