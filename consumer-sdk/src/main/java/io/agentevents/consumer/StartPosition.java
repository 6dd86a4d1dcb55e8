package io.agentevents.consumer;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a subscriber starts reading partitions.
 *
 * <ul>
 *   <li>{@link #committed()}: the group's committed offsets; where the group has none, the
 *       beginning (the default, so a new group misses nothing).</li>
 *   <li>{@link #earliest()}: the beginning of every partition, whatever the group committed
 *       (a replay: records below the end at start are flagged {@code replayed}).</li>
 *   <li>{@link #latest()}: only records written after the subscriber starts, where the group has
 *       no committed offset.</li>
 *   <li>{@link #at(Instant)}: the first record at or after a time (a replay).</li>
 * </ul>
 */
public record StartPosition(Kind kind, Instant time) {
    public enum Kind { COMMITTED, EARLIEST, LATEST, TIMESTAMP }

    public StartPosition {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.TIMESTAMP) != (time != null)) {
            throw new IllegalArgumentException("a time is required for TIMESTAMP and only for it");
        }
    }

    public static StartPosition committed() {
        return new StartPosition(Kind.COMMITTED, null);
    }

    public static StartPosition earliest() {
        return new StartPosition(Kind.EARLIEST, null);
    }

    public static StartPosition latest() {
        return new StartPosition(Kind.LATEST, null);
    }

    public static StartPosition at(Instant time) {
        return new StartPosition(Kind.TIMESTAMP, Objects.requireNonNull(time, "time"));
    }

    /** Whether records below the end offsets at start are deliveries of the past (replays). */
    public boolean isReplay() {
        return kind == Kind.EARLIEST || kind == Kind.TIMESTAMP;
    }
}
