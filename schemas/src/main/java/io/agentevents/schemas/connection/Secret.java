package io.agentevents.schemas.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A value that must never be printed: a password, a {@code user:password} pair, a JAAS
 * configuration. {@link #toString()} is always {@value #MASK}, so a configuration holding one may
 * be logged; only {@link #value()} gives the text, at the client edge. Immutable and thread-safe;
 * equal when the values are equal (compared in constant time).
 */
public final class Secret {
    /** What every secret prints as. */
    public static final String MASK = "[hidden]";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** A secret holding {@code value}. */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"));
    }

    /** The hidden text: pass it to a client, never print it. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), secret.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Always {@value #MASK}. */
    @Override
    public String toString() {
        return MASK;
    }
}
