package io.agentevents.streams.topology;

import org.apache.kafka.common.config.ConfigException;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the input the projections skipped or could not read, for the application to show (health,
 * metrics). Thread-safe: every stream thread's tasks count into the same instance.
 *
 * <p><b>How it reaches the topology.</b> Kafka Streams builds the
 * {@link ProjectionsDeserializationHandler} by class name, so the counter travels in the Streams
 * configuration: the application creates one counter and puts the instance itself under
 * {@link #CONFIG}, e.g.
 * {@code props.put(ProjectionErrorCounter.CONFIG, counter)}. The handler (in {@code configure}) and
 * the topology's processors (in {@code init}, through {@code appConfigs()}) look it up there, so one
 * object is shared without static state. Without it each of them counts into a private counter
 * nobody reads (the log lines remain).
 *
 * <p>Only the topology package counts; readers see the counts through {@link #snapshot()}.
 */
public final class ProjectionErrorCounter {

    /** The Streams configuration key whose value is the {@link ProjectionErrorCounter} instance to count into. */
    public static final String CONFIG = "projections.error.counter";

    private final LongAdder undecodable = new LongAdder();
    private final LongAdder unknownTypes = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder retriableFailures = new LongAdder();
    private final ConcurrentMap<String, LongAdder> undecodableByTopic = new ConcurrentHashMap<>();

    /**
     * The counts at one moment.
     *
     * @param undecodableRecords records that could not be deserialized and were skipped
     * @param unknownEvents      events of a type this build does not know ({@code UNKNOWN}), skipped
     * @param deadLettered       skipped records also written to the dead-letter topic
     * @param retriableFailures  records that could not be read because of a passing failure (schema
     *                           registry unreachable): not skipped; the task failed so they are read again
     * @param undecodableByTopic {@code undecodableRecords} per source topic, sorted by topic
     */
    public record Snapshot(long undecodableRecords, long unknownEvents, long deadLettered, long retriableFailures,
                           Map<String, Long> undecodableByTopic) {
        /** Copies the map. */
        public Snapshot {
            undecodableByTopic = Collections.unmodifiableMap(new TreeMap<>(undecodableByTopic));
        }
    }

    /**
     * The counter under {@link #CONFIG} in a Streams configuration, or a new private one when there is
     * none.
     *
     * @throws ConfigException naming the key when its value is not a {@link ProjectionErrorCounter}
     */
    public static ProjectionErrorCounter fromConfigs(Map<String, ?> configs) {
        Object value = configs == null ? null : configs.get(CONFIG);
        if (value == null) {
            return new ProjectionErrorCounter();
        }
        if (value instanceof ProjectionErrorCounter counter) {
            return counter;
        }
        throw new ConfigException(CONFIG, value.getClass().getName(),
                "must be a " + ProjectionErrorCounter.class.getName() + " instance");
    }

    /** All counts at once: the one way to read them. */
    public Snapshot snapshot() {
        Map<String, Long> byTopic = new TreeMap<>();
        undecodableByTopic.forEach((topic, count) -> byTopic.put(topic, count.sum()));
        return new Snapshot(undecodable.sum(), unknownTypes.sum(), deadLettered.sum(), retriableFailures.sum(), byTopic);
    }

    void undecodableRecord(String topic) {
        undecodable.increment();
        undecodableByTopic.computeIfAbsent(Objects.requireNonNullElse(topic, "?"), any -> new LongAdder()).increment();
    }

    void unknownEvent() {
        unknownTypes.increment();
    }

    void deadLetter() {
        deadLettered.increment();
    }

    void retriableFailure() {
        retriableFailures.increment();
    }
}
