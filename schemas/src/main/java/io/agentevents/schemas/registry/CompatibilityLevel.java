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
 * The name says it all: {@link #backward()}, {@link #forward()} and {@link #transitive()} read it.
 * Event subjects of this platform use {@link #FULL_TRANSITIVE}.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** Whether a new schema must read data written with earlier versions: {@code BACKWARD*} and {@code FULL*}. */
    public boolean backward() {
        return name().startsWith("BACKWARD") || name().startsWith("FULL");
    }

    /** Whether earlier versions must read data written with a new schema: {@code FORWARD*} and {@code FULL*}. */
    public boolean forward() {
        return name().startsWith("FORWARD") || name().startsWith("FULL");
    }

    /** Whether the check runs against every earlier version, not only the latest: {@code *_TRANSITIVE}. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
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
