package io.agentevents.streams.store;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A stateless serde of one of the binary layouts: null stays null, and every value starts with the
 * layout's version byte, which reading checks before the subclass reads the rest (with
 * {@link BinaryIn}, which fails on truncated or corrupt input naming what it read). Subclasses
 * write and read the fields after the version; they end a read with {@link BinaryIn#end()}.
 * Stateless and thread-safe.
 *
 * @param <T> the value type
 */
public abstract class VersionedBinarySerde<T> extends StatelessSerde<T> {
    private final int version;
    private final int sizeHint;
    private final UnaryOperator<String> describe;

    /**
     * @param version  the layout version written first and required on reading
     * @param sizeHint the usual size in bytes of a value's form (the buffer grows beyond it when needed)
     * @param describe what the bytes read from a topic are, for error messages, e.g. {@code "plan-state value"}
     */
    protected VersionedBinarySerde(int version, int sizeHint, UnaryOperator<String> describe) {
        this.version = version;
        this.sizeHint = sizeHint;
        this.describe = Objects.requireNonNull(describe, "describe");
    }

    @Override
    public final byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        BinaryOut out = new BinaryOut(sizeHint(value)).writeByte(version);
        write(out, value);
        return out.toByteArray();
    }

    @Override
    public final T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        BinaryIn in = new BinaryIn(data, describe.apply(topic));
        return read(in, topic, in.versionBetween(oldestReadable(), version));
    }

    /** The oldest layout version this serde still reads (values written by an earlier build): its own by default. */
    protected int oldestReadable() {
        return version;
    }

    /** Reads the fields after the version byte of a value in layout {@code layout}: {@link #read(BinaryIn, String)} by default. */
    protected T read(BinaryIn in, String topic, int layout) {
        return read(in, topic);
    }

    /** The expected size in bytes of {@code value}'s form: the one given at construction unless overridden. */
    protected int sizeHint(T value) {
        return sizeHint;
    }

    /** Writes {@code value}'s fields after the version byte. */
    protected abstract void write(BinaryOut out, T value);

    /** Reads the fields after the version byte, up to the end of the input. */
    protected abstract T read(BinaryIn in, String topic);
}
