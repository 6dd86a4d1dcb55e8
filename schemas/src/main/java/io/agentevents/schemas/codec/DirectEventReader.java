package io.agentevents.schemas.codec;

import io.agentevents.schemas.DetailsBuilder;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.avro.Schema;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads Avro binary written under the reader's own schema ({@link AvroEventCodec#SCHEMA}, or any
 * schema with the same parsing canonical form) straight into a {@link DomainEvent}: no generated
 * record, no resolving decoder, details built once, in wire order, and checked as they are read
 * ({@link DetailsBuilder}). It reads through the same {@link BoundedBinaryDecoder} as the resolving
 * path, so every length, count and nesting bound holds; and since the contract allows details only
 * 16 levels deep, its recursion stops there.
 *
 * <p>It only ever succeeds with the event the resolving path would read: bytes it cannot take
 * (truncated, corrupt, trailing bytes, a broken contract, a key given twice) end in an exception,
 * and the codec then decodes them again through the resolving path, which says precisely what is
 * wrong (or, for a key given twice, keeps the last value as Avro does). Short texts that recur
 * (keys, ids, names) are shared between events through a bounded {@link StringCache}. Thread-safe.
 */
final class DirectEventReader {

    /** A byte sequence this reader does not take as an event of its schema. */
    static final class NotReadable extends IOException {
        private static final long serialVersionUID = 1L;

        NotReadable(String message) {
            super(message);
        }
    }

    /** The event type of each enum symbol index of the schema. */
    private final EventType[] typesBySymbol;
    /** Short texts that recur from event to event (all but the event id, which never does). */
    private final StringCache strings = new StringCache();

    DirectEventReader(Schema schema) {
        List<String> symbols = schema.getField("event_type").schema().getEnumSymbols();
        typesBySymbol = new EventType[symbols.size()];
        for (int i = 0; i < symbols.size(); i++) {
            typesBySymbol[i] = EventType.valueOf(symbols.get(i));
        }
    }

    /**
     * The event in {@code in}, which must hold exactly one record.
     *
     * @throws IOException if the bytes are not one record of the schema (then decode them through
     *                     the resolving path to learn why)
     * @throws io.agentevents.schemas.EventContractException if the record breaks the contract
     */
    DomainEvent read(BoundedBinaryDecoder in) throws IOException {
        String eventId = in.readString();
        int symbol = in.readEnum();
        if (symbol < 0 || symbol >= typesBySymbol.length) {
            throw new NotReadable("enum symbol " + symbol);
        }
        long micros = in.readLong();
        String correlationId = in.readString(strings);
        String causationId = optional(in);
        String planId = optional(in);
        String rootPlanId = optional(in);
        String sessionId = optional(in);
        String actorName = optional(in);
        String projectName = optional(in);
        String source = in.readString(strings);
        Map<String, Object> details = details(in);
        if (!in.isEnd()) {
            throw new NotReadable("unread bytes");
        }
        // as Avro's TimestampMicrosConversion.fromLong
        Instant timestamp = Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1_000);
        return new DomainEvent(eventId, typesBySymbol[symbol], timestamp, correlationId, causationId, planId,
                rootPlanId, sessionId, actorName, projectName, source, details);
    }

    private String optional(BoundedBinaryDecoder in) throws IOException {
        int branch = in.readIndex();
        if (branch == 0) {
            return null;
        }
        if (branch != 1) {
            throw new NotReadable("union branch " + branch);
        }
        return in.readString(strings);
    }

    private Map<String, Object> details(BoundedBinaryDecoder in) throws IOException {
        long count = in.readMapStart();
        if (count == 0) {
            return Map.of();
        }
        DetailsBuilder details = new DetailsBuilder((int) Math.min(count, Integer.MAX_VALUE));
        readEntries(in, details, count);
        return details.build();
    }

    /** The entries of a map whose first block of {@code count} entries starts now, through its end. */
    private void readEntries(BoundedBinaryDecoder in, DetailsBuilder details, long count) throws IOException {
        for (long block = count; block != 0; block = in.mapNext()) {
            for (long i = 0; i < block; i++) {
                details.key(in.readString(strings));
                value(in, details);
            }
        }
    }

    /** One {@code DetailValue}: the branch of its union, then the value. */
    private void value(BoundedBinaryDecoder in, DetailsBuilder details) throws IOException {
        int branch = in.readIndex();
        switch (branch) {
            case DirectEventWriter.NULL -> details.value(null);
            case DirectEventWriter.BOOLEAN -> details.value(in.readBoolean());
            case DirectEventWriter.LONG -> details.value(in.readLong());
            case DirectEventWriter.DOUBLE -> details.value(in.readDouble());
            case DirectEventWriter.STRING -> details.value(in.readString(strings));
            case DirectEventWriter.ARRAY -> {
                long count = in.readArrayStart();
                details.startList((int) Math.min(count, Integer.MAX_VALUE));
                for (long block = count; block != 0; block = in.arrayNext()) {
                    for (long i = 0; i < block; i++) {
                        value(in, details);
                    }
                }
                details.end();
            }
            case DirectEventWriter.MAP -> {
                long count = in.readMapStart();
                details.startMap((int) Math.min(count, Integer.MAX_VALUE));
                readEntries(in, details, count);
                details.end();
            }
            default -> throw new NotReadable("union branch " + branch);
        }
    }
}
