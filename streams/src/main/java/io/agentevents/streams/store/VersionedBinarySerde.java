package io.agentevents.streams.store;

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

    /** @param version the layout version written first and required on reading */
    protected VersionedBinarySerde(int version) {
        this.version = version;
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
        BinaryIn in = new BinaryIn(data, describe(topic));
        in.version(version);
        return read(in, topic);
    }

    /** The expected size in bytes of {@code value}'s form (the buffer grows beyond it when needed). */
    protected abstract int sizeHint(T value);

    /** What the bytes read from {@code topic} are, for error messages, e.g. {@code "plan-state value"}. */
    protected abstract String describe(String topic);

    /** Writes {@code value}'s fields after the version byte. */
    protected abstract void write(BinaryOut out, T value);

    /** Reads the fields after the version byte, up to the end of the input. */
    protected abstract T read(BinaryIn in, String topic);
}
