package io.agentevents.streams.topology;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Which keys the task reading an event owns, so that the roles an event plays for its own record key
 * are applied where it is read instead of going through the projections' internal topic. A key's
 * owner is the task of the internal topic's partition the key goes to: Kafka's default partitioner
 * (murmur2 of the key's UTF-8 bytes) over that topic's partitions, which Kafka Streams makes as many
 * as the domain topic with the most. When a producer keys by correlation id with Kafka's default
 * partitioner (ours do) and every domain topic has that many partitions, the task reading an event
 * owns its key; otherwise the event goes through the internal topic as before, so the trails are
 * whole whatever partitioner the producers used.
 *
 * <p>Until {@link #partitions(int)} is called (the application calls it once the domain topics
 * exist, before Kafka Streams starts) no key is owned in place: every role goes through the internal
 * topic. Shared with the processors through the Streams configuration ({@link #CONFIG}), like
 * {@link ProjectionErrorCounter}; thread-safe (a volatile count, set once before the processors run).
 */
public final class InPlaceRouting {

    /** The Streams configuration key whose value is the {@link InPlaceRouting} instance of the application. */
    public static final String CONFIG = "projections.in-place-routing";

    private static final InPlaceRouting NONE = new InPlaceRouting();

    private volatile int partitions;

    /** The routing of the configuration under {@link #CONFIG}; without one, none (every role through the internal topic). */
    static InPlaceRouting fromConfigs(Map<String, ?> configs) {
        Object value = configs == null ? null : configs.get(CONFIG);
        if (value == null) {
            return NONE;
        }
        if (value instanceof InPlaceRouting routing) {
            return routing;
        }
        throw new ConfigException(CONFIG, value.getClass().getName(), "must be a " + InPlaceRouting.class.getName() + " instance");
    }

    /**
     * Sets the partitions of the internal topic: the most partitions of any domain topic.
     *
     * @throws IllegalArgumentException when not positive
     */
    public void partitions(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("partitions must be positive, was " + count);
        }
        if (this == NONE) {
            throw new IllegalStateException("the shared 'none' routing cannot be given partitions");
        }
        this.partitions = count;
    }

    /** The partitions set, 0 before. */
    public int partitions() {
        return partitions;
    }

    /** Whether the task of {@code taskPartition} owns {@code key} (false for a null key, or before the partitions are known). */
    boolean owns(String key, int taskPartition) {
        int count = partitions;
        return key != null && count > 0
                && Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % count == taskPartition;
    }
}
