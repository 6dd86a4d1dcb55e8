package io.agentevents.consumer.internal;

import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The subscriber's first filter, on the poll thread: whether a record needs handling, decided from
 * its {@code ce_type} header alone, so records of types no listener wants are never decoded. It
 * compares the header's bytes with the wire names of the catalog and allocates nothing of its own
 * (the Kafka client still makes the header's key and value arrays when first asked).
 *
 * <p>The decision is {@link CloudEventHeaders#type}'s followed by {@link Routing#wants}: no header
 * (or no value) means "decide after decoding"; a type this build does not know (or {@code unknown})
 * is handled only with {@code strictTypes} (to be dead-lettered); a known type when a listener wants
 * it. Immutable and thread-safe.
 */
public final class HeaderRouter {
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);

    /** Open addressing by a hash of the bytes; a power of two well above the catalog's size. */
    private final byte[][] names = new byte[128][];
    private final boolean[] wanted = new boolean[128];
    private final boolean strictTypes;

    public HeaderRouter(Routing routing, boolean strictTypes) {
        this.strictTypes = strictTypes;
        for (EventType type : EventType.values()) {
            byte[] name = type.wireName().getBytes(StandardCharsets.UTF_8);
            int slot = hash(name) & (names.length - 1);
            while (names[slot] != null) {
                slot = (slot + 1) & (names.length - 1);
            }
            names[slot] = name;
            wanted[slot] = type.isKnown() ? routing.wants(type) : strictTypes;
        }
    }

    /** Whether the record goes on to be decoded and handled (or dead-lettered); false: skip it unread. */
    public boolean needsHandling(Headers headers) {
        Header header = headers.lastHeader(CloudEventHeaders.TYPE);
        byte[] value = header == null ? null : header.value();
        if (value == null) {
            return true; // no header: decide after decoding (or dead-letter what cannot be decoded)
        }
        for (int slot = hash(value) & (names.length - 1); names[slot] != null; slot = (slot + 1) & (names.length - 1)) {
            if (Arrays.equals(names[slot], value)) {
                return wanted[slot];
            }
        }
        return strictTypes; // a type this build does not know
    }

    /** Whether the record is a re-published dead letter ({@link DeadLetterHeaders#REPLAYED} = {@code true}). */
    public boolean isReplayed(Headers headers) {
        Header header = headers.lastHeader(DeadLetterHeaders.REPLAYED);
        return header != null && Arrays.equals(TRUE, header.value());
    }

    private static int hash(byte[] bytes) {
        int hash = bytes.length;
        for (byte b : bytes) {
            hash = 31 * hash + b;
        }
        return hash ^ (hash >>> 16);
    }
}
