package io.agentevents.schemas.codec;

import io.agentevents.avro.DetailValue;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventContractException;
import io.agentevents.schemas.EventDecodingException;
import io.agentevents.schemas.EventType;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Converts {@link DomainEvent}s to and from Avro: the generated record
 * ({@code io.agentevents.avro.DomainEvent}) and plain Avro binary (no framing; the Confluent
 * wire-format header is added by the Kafka serde).
 *
 * <p>Lossless: {@code decode(encode(e)).equals(e)} for every valid event. Reading accepts any
 * writer schema that Avro schema resolution can map onto the current one: fields added later get
 * their defaults, event types the reader does not know become {@link EventType#UNKNOWN}.
 *
 * <p>Thread-safe; one instance may be shared by every thread of a process.
 */
public final class AvroEventCodec {

    /** The schema this build writes (the current {@code DomainEvent.avsc}). */
    public static final Schema SCHEMA = io.agentevents.avro.DomainEvent.getClassSchema();

    /** Readers are cached per writer schema; the registry hands out few distinct ones. */
    private static final int MAX_CACHED_READERS = 1_000;

    private final DatumWriter<io.agentevents.avro.DomainEvent> writer =
            new SpecificDatumWriter<>(io.agentevents.avro.DomainEvent.class);
    private final Map<Schema, DatumReader<io.agentevents.avro.DomainEvent>> readers = new ConcurrentHashMap<>();

    /** Avro binary of the event, under {@link #SCHEMA}. */
    public byte[] encode(DomainEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        encode(event, out);
        return out.toByteArray();
    }

    /** Writes the Avro binary of the event, under {@link #SCHEMA}, to {@code out}. */
    public void encode(DomainEvent event, OutputStream out) {
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(toAvro(event), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write event " + event.eventId(), e);
        }
    }

    /** Reads Avro binary written under the current {@link #SCHEMA}. */
    public DomainEvent decode(byte[] data) {
        return decode(data, 0, data.length, SCHEMA);
    }

    /**
     * Reads {@code length} bytes of Avro binary from {@code data[offset]}, written under
     * {@code writerSchema}, resolved to the current schema.
     *
     * <p>Hostile bytes cost at most work and memory in proportion to {@code length}: every length
     * and count in them is checked against the bytes actually there before anything is allocated,
     * and arrays and maps may nest at most 64 deep (see {@code BoundedBinaryDecoder}). So any input
     * ends in an event or an {@link EventDecodingException}, never in an {@link OutOfMemoryError},
     * a {@link StackOverflowError} or another exception.
     *
     * @throws EventDecodingException if the bytes are truncated, corrupt, not all consumed, or
     *                                hold an event that breaks the contract
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} lie outside {@code data}
     */
    public DomainEvent decode(byte[] data, int offset, int length, Schema writerSchema) {
        DatumReader<io.agentevents.avro.DomainEvent> reader = readerFor(writerSchema);
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(data, offset, length);
        io.agentevents.avro.DomainEvent record;
        try {
            record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new EventDecodingException("Avro record is followed by unread bytes ("
                        + length + " bytes given); the data is corrupt or was written under another schema");
            }
        } catch (EOFException e) {
            throw new EventDecodingException("Avro record is truncated (" + length + " bytes)"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (BoundedBinaryDecoder.CorruptAvroException e) {
            throw new EventDecodingException("Avro record is corrupt (" + length + " bytes): " + e.getMessage(), e);
        } catch (EventDecodingException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // corrupt input shows up as any of these (AvroTypeException for a union branch or enum
            // symbol out of range, ClassCastException, IndexOutOfBoundsException, ...), depending on
            // where the bytes go wrong; whatever it is, it is the record's fault, not the reader's
            throw new EventDecodingException("Avro record is corrupt (" + length + " bytes): " + e, e);
        }
        try {
            return fromAvro(record);
        } catch (EventContractException e) {
            throw new EventDecodingException("decoded record breaks the event contract: " + e.getMessage(), e);
        }
    }

    private DatumReader<io.agentevents.avro.DomainEvent> readerFor(Schema writerSchema) {
        DatumReader<io.agentevents.avro.DomainEvent> reader = readers.get(writerSchema);
        if (reader == null) {
            if (readers.size() >= MAX_CACHED_READERS) {
                readers.clear();
            }
            reader = readers.computeIfAbsent(writerSchema, OrderKeepingReader::new);
        }
        return reader;
    }

    /** Decodes Avro maps in wire order, so details keep the order they were written in. */
    private static final class OrderKeepingReader extends SpecificDatumReader<io.agentevents.avro.DomainEvent> {
        OrderKeepingReader(Schema writerSchema) {
            super(writerSchema, SCHEMA, orderKeepingModel());
        }

        private static SpecificData orderKeepingModel() {
            // the generated record's own decoder and Avro's fast reader build HashMaps, losing the
            // order details were written in; the plain resolving path calls newMap below
            SpecificData model = new SpecificData(AvroEventCodec.class.getClassLoader());
            model.setCustomCoders(false);
            model.setFastReaderEnabled(false);
            model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
            return model;
        }

        @Override
        protected Object newMap(Object old, int size) {
            return new LinkedHashMap<>(Math.max(4, size * 2));
        }
    }

    /** The generated Avro record for an event. */
    public static io.agentevents.avro.DomainEvent toAvro(DomainEvent event) {
        return io.agentevents.avro.DomainEvent.newBuilder()
                .setEventId(event.eventId())
                .setEventType(io.agentevents.avro.EventType.valueOf(event.type().name()))
                .setTimestamp(event.timestamp())
                .setCorrelationId(event.correlationId())
                .setCausationId(event.causationId())
                .setPlanId(event.planId())
                .setRootPlanId(event.rootPlanId())
                .setSessionId(event.sessionId())
                .setActorName(event.actorName())
                .setProjectName(event.projectName())
                .setSource(event.source())
                .setDetails(toAvroMap(event.details()))
                .build();
    }

    /**
     * The event held by a generated Avro record.
     *
     * @throws io.agentevents.schemas.InvalidEventException if the record breaks the contract
     */
    public static DomainEvent fromAvro(io.agentevents.avro.DomainEvent record) {
        return new DomainEvent(
                str(record.getEventId()),
                EventType.valueOf(record.getEventType().name()),
                record.getTimestamp(),
                str(record.getCorrelationId()),
                str(record.getCausationId()),
                str(record.getPlanId()),
                str(record.getRootPlanId()),
                str(record.getSessionId()),
                str(record.getActorName()),
                str(record.getProjectName()),
                str(record.getSource()),
                fromAvroMap(record.getDetails()));
    }

    private static Map<String, DetailValue> toAvroMap(Map<String, ?> map) {
        Map<String, DetailValue> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        map.forEach((key, value) -> out.put(key, toAvroValue(value)));
        return out;
    }

    private static DetailValue toAvroValue(Object value) {
        Object wire;
        if (value instanceof List<?> list) {
            List<DetailValue> items = new ArrayList<>(list.size());
            for (Object item : list) {
                items.add(toAvroValue(item));
            }
            wire = items;
        } else if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> nested = (Map<String, ?>) map;
            wire = toAvroMap(nested);
        } else {
            wire = value; // null, Boolean, Long, Double or String: DomainEvent has already checked
        }
        return new DetailValue(wire);
    }

    private static Map<String, Object> fromAvroMap(Map<?, DetailValue> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        map.forEach((key, value) -> out.put(key.toString(), fromAvroValue(value)));
        return Collections.unmodifiableMap(out);
    }

    private static Object fromAvroValue(DetailValue detail) {
        if (detail == null) {
            return null;
        }
        Object value = detail.getValue();
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            for (Object item : list) {
                items.add(fromAvroValue((DetailValue) item));
            }
            return items;
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<?, DetailValue> nested = (Map<?, DetailValue>) map;
            return fromAvroMap(nested);
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        return value;
    }

    private static String str(CharSequence value) {
        return value == null ? null : value.toString();
    }
}
