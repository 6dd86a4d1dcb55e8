package io.agentevents.schemas.codec;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.avro.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link DomainEvent} as Avro binary under {@link AvroEventCodec#SCHEMA} straight from its
 * fields: no generated record, no datum writer. The bytes are exactly what Avro's
 * {@code SpecificDatumWriter} writes for the generated record (field order, union branches, map and
 * array blocks of one counted block then 0, details in their order); {@code AvroEncodingProperties}
 * checks it for random events. Immutable and thread-safe; the buffer is the caller's.
 */
final class DirectEventWriter {
    /** Branches of {@code DetailValue.value}: null, boolean, long, double, string, array, map. */
    static final int NULL = 0;
    static final int BOOLEAN = 1;
    static final int LONG = 2;
    static final int DOUBLE = 3;
    static final int STRING = 4;
    static final int ARRAY = 5;
    static final int MAP = 6;

    /** The enum symbol index of each {@link EventType}, by ordinal. */
    private final int[] symbolIndex;

    DirectEventWriter(Schema schema) {
        List<String> symbols = schema.getField("event_type").schema().getEnumSymbols();
        EventType[] types = EventType.values();
        symbolIndex = new int[types.length];
        for (EventType type : types) {
            int index = symbols.indexOf(type.name());
            if (index < 0) {
                throw new IllegalStateException("event type " + type + " is not a symbol of the schema's EventType enum");
            }
            symbolIndex[type.ordinal()] = index;
        }
    }

    void write(DomainEvent event, AvroBuffer out) {
        out.writeString(event.eventId());
        out.writeInt(symbolIndex[event.type().ordinal()]);
        out.writeLong(micros(event.timestamp()));
        out.writeString(event.correlationId());
        writeOptional(event.causationId(), out);
        writeOptional(event.planId(), out);
        writeOptional(event.rootPlanId(), out);
        writeOptional(event.sessionId(), out);
        writeOptional(event.actorName(), out);
        writeOptional(event.projectName(), out);
        out.writeString(event.source());
        writeMap(event.details(), out);
    }

    /** Microseconds since the epoch, as Avro's {@code TimestampMicrosConversion} computes them. */
    static long micros(Instant timestamp) {
        return Math.addExact(Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000L), timestamp.getNano() / 1_000);
    }

    private static void writeOptional(String value, AvroBuffer out) {
        if (value == null) {
            out.writeInt(0);
        } else {
            out.writeInt(1);
            out.writeString(value);
        }
    }

    private static void writeMap(Map<String, ?> map, AvroBuffer out) {
        if (!map.isEmpty()) {
            out.writeLong(map.size());
            for (Map.Entry<String, ?> entry : map.entrySet()) {
                out.writeString(entry.getKey());
                writeValue(entry.getValue(), out);
            }
        }
        out.writeLong(0);
    }

    private static void writeList(List<?> list, AvroBuffer out) {
        if (!list.isEmpty()) {
            out.writeLong(list.size());
            for (Object item : list) {
                writeValue(item, out);
            }
        }
        out.writeLong(0);
    }

    /** One {@code DetailValue} record: its only field, the union. */
    private static void writeValue(Object value, AvroBuffer out) {
        if (value == null) {
            out.writeInt(NULL);
        } else if (value instanceof String text) {
            out.writeInt(STRING);
            out.writeString(text);
        } else if (value instanceof Long number) {
            out.writeInt(LONG);
            out.writeLong(number);
        } else if (value instanceof Double number) {
            out.writeInt(DOUBLE);
            out.writeDouble(number);
        } else if (value instanceof Boolean flag) {
            out.writeInt(BOOLEAN);
            out.writeBoolean(flag);
        } else if (value instanceof List<?> list) {
            out.writeInt(ARRAY);
            writeList(list, out);
        } else if (value instanceof Map<?, ?> map) {
            out.writeInt(MAP);
            @SuppressWarnings("unchecked")
            Map<String, ?> nested = (Map<String, ?>) map;
            writeMap(nested, out);
        } else {
            // unreachable: DomainEvent admits only the types above
            throw new IllegalStateException("detail value of type " + value.getClass().getName() + " in a DomainEvent");
        }
    }
}
