package io.agentevents.schemas.registry;

import java.util.List;
import java.util.Objects;

/**
 * The answer of a compatibility test: whether a schema may be registered under a subject, and why
 * not when it may not: readable {@code messages}, and (when this build checked it) the structured
 * {@code problems} they were made from, for a registry server to render in its own format. Immutable.
 *
 * @param compatible whether the schema passes the subject's compatibility level
 * @param messages   the reasons it does not (empty when compatible, and may be empty when the
 *                   registry gives no detail)
 * @param problems   the findings behind the messages; empty when compatible or when the answer came
 *                   from a remote registry
 */
public record CompatibilityResult(boolean compatible, List<String> messages, List<Problem> problems) {

    /** Copies the lists, so the result stays immutable. */
    public CompatibilityResult {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    }

    /** A result as a remote registry gives it: messages only. */
    public CompatibilityResult(boolean compatible, List<String> messages) {
        this(compatible, messages, List.of());
    }

    /** A passed test. */
    public static CompatibilityResult ofCompatible() {
        return new CompatibilityResult(true, List.of(), List.of());
    }

    /** A failed test with its reasons. */
    public static CompatibilityResult ofIncompatible(List<String> messages) {
        return new CompatibilityResult(false, messages, List.of());
    }

    /** A failed test with its findings (and a message made from each). */
    static CompatibilityResult ofProblems(CompatibilityLevel level, List<Problem> problems) {
        return new CompatibilityResult(false, problems.stream().map(problem -> problem.describe(level)).toList(), problems);
    }

    /**
     * One incompatibility Avro found.
     *
     * @param version     the earlier version involved
     * @param newReadsOld true when the new schema (as reader) cannot read the earlier version's data
     *                    (backward); false when the earlier version cannot read the new schema's (forward)
     * @param type        Avro's incompatibility type, e.g. {@code READER_FIELD_MISSING_DEFAULT_VALUE}
     * @param location    where, as a JSON pointer into the reader schema, e.g. {@code /fields/1}
     * @param detail      Avro's message, e.g. the field name
     */
    public record Problem(int version, boolean newReadsOld, String type, String location, String detail) {
        /** Requires the texts. */
        public Problem {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(detail, "detail");
        }

        String describe(CompatibilityLevel level) {
            String direction = newReadsOld ? "the new schema cannot read data written with version " + version
                    : "version " + version + " cannot read data written with the new schema";
            return direction + " (" + level + "): " + type + " at " + location + ": " + detail;
        }
    }
}
