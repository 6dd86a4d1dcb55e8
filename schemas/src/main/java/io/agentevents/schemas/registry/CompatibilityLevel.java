package io.agentevents.schemas.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The seven compatibility levels of a Confluent-compatible schema registry. A level is set
 * globally or per subject and decides which new schema versions a subject accepts.
 *
 * <ul>
 *   <li>{@code BACKWARD}: the new schema can read data written with the latest version.</li>
 *   <li>{@code FORWARD}: the latest version can read data written with the new schema.</li>
 *   <li>{@code FULL}: both.</li>
 *   <li>{@code *_TRANSITIVE}: the same, against every earlier version rather than the latest.</li>
 *   <li>{@code NONE}: no check.</li>
 * </ul>
 * Event subjects of this platform use {@link #FULL_TRANSITIVE}.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Whether a new schema must read data written with earlier versions. */
    public boolean backward() {
        return backward;
    }

    /** Whether earlier versions must read data written with a new schema. */
    public boolean forward() {
        return forward;
    }

    /** Whether the check runs against every earlier version, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /** The level with this name (case-insensitive), if any. */
    public static Optional<CompatibilityLevel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(level -> level.name().equals(upper)).findFirst();
    }
}
