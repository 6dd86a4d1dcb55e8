package io.agentevents.streams.store;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;

/**
 * A serde that is its own serializer and deserializer and needs no configuration: the base of the
 * projections' serdes, which hold no state of their own (or only state given at construction), so
 * {@code configure} and {@code close} do nothing. Subclasses implement the two conversions.
 *
 * @param <T> the value type
 */
public abstract class StatelessSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    @Override
    public final Serializer<T> serializer() {
        return this;
    }

    @Override
    public final Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public final void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: whatever the serde uses was given at construction
    }

    @Override
    public final void close() {
        // nothing to release: whatever the serde uses is closed by its owner
    }
}
