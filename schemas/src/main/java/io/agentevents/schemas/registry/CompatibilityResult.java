package io.agentevents.schemas.registry;

import java.util.List;
import java.util.Objects;

/**
 * The answer of a compatibility test: whether a schema may be registered under a subject, and why
 * not when it may not. Immutable.
 *
 * @param compatible whether the schema passes the subject's compatibility level
 * @param messages   the reasons it does not (empty when compatible, and may be empty when the
 *                   registry gives no detail)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    /** Copies the messages, so the result stays immutable. */
    public CompatibilityResult {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    }

    /** A passed test. */
    public static CompatibilityResult ofCompatible() {
        return new CompatibilityResult(true, List.of());
    }

    /** A failed test with its reasons. */
    public static CompatibilityResult ofIncompatible(List<String> messages) {
        return new CompatibilityResult(false, messages);
    }
}
