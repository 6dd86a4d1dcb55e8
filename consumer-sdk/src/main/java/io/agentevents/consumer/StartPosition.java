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
 *   <li>{@link #at(Instant)}: the first record at or after a time, whatever the group committed (a replay).</li>
 * </ul>
 *
 * <p>{@link #whereUncommitted()} turns {@code earliest()} or {@code at(time)} into a start position
 * in Kafka's usual sense for a group (as {@code auto.offset.reset}): it applies only to partitions
 * where the group has no committed offset, and the others resume from their committed offsets, so
 * the same subscriber started again continues where it stopped. Records it reads from the start
 * position below the end at start are flagged {@code replayed}; records resumed are not.
 *
 * @param kind             where to start
 * @param time             the time of {@link Kind#TIMESTAMP}, else null
 * @param ignoresCommitted whether it applies even where the group has committed offsets (true for
 *                         {@code earliest()} and {@code at(time)}); always false for
 *                         {@link Kind#COMMITTED} and {@link Kind#LATEST}
 */
public record StartPosition(Kind kind, Instant time, boolean ignoresCommitted) {
    public enum Kind { COMMITTED, EARLIEST, LATEST, TIMESTAMP }

    public StartPosition {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.TIMESTAMP) != (time != null)) {
            throw new IllegalArgumentException("a time is required for TIMESTAMP and only for it");
        }
        if (ignoresCommitted && (kind == Kind.COMMITTED || kind == Kind.LATEST)) {
            throw new IllegalArgumentException(kind + " always resumes committed offsets");
        }
    }

    /** {@code kind} at {@code time}, ignoring committed offsets for {@code EARLIEST} and {@code TIMESTAMP}. */
    public StartPosition(Kind kind, Instant time) {
        this(kind, time, kind == Kind.EARLIEST || kind == Kind.TIMESTAMP);
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

    /**
     * This position only for partitions where the group has no committed offset; the others resume
     * from their committed offsets. {@code earliest().whereUncommitted()} reads as {@link #committed()}
     * does, but flags the records below the end at start as replayed.
     */
    public StartPosition whereUncommitted() {
        return new StartPosition(kind, time, false);
    }

    /** Whether records below the end offsets at start are deliveries of the past (replays). */
    public boolean isReplay() {
        return kind == Kind.EARLIEST || kind == Kind.TIMESTAMP;
    }
}
