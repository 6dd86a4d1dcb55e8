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

/**
 * Converts {@link DomainEvent}s to and from Avro: the generated record
 * ({@code io.agentevents.avro.DomainEvent}) and plain Avro binary (no framing; the Confluent
 * wire-format header is added by the Kafka serde).
 *
 * <p>Lossless: {@code decode(encode(e)).equals(e)} for every valid event. Reading accepts any
 * writer schema that Avro schema resolution can map onto the current one: fields added later get
 * their defaults, event types the reader does not know become {@link EventType#UNKNOWN}.
 *
 * <p>Two ways through, the same results:
 * <ul>
 *   <li><b>Encoding</b> writes the event's fields straight into a per-thread buffer reused from call
 *       to call (no generated record, no datum writer), then copies the bytes out once; the bytes are
 *       exactly those of Avro's own writer for the generated record.</li>
 *   <li><b>Decoding</b> bytes written under the reader's own schema (same parsing canonical form,
 *       so also the contract's text a registry hands back without the Java-only
 *       {@code avro.java.string} properties) reads them straight into the event, building and
 *       checking the details once, in wire order. Any other writer schema goes through Avro's
 *       schema resolution (defaults, {@link EventType#UNKNOWN}), with a reader cached per writer
 *       schema. Bytes the direct read cannot take are read again through resolution, which names
 *       the problem: both ways decode exactly the same events and refuse exactly the same bytes.</li>
 * </ul>
 *
 * <p>Thread-safe; one instance may be shared by every thread of a process. Each thread that
 * encodes keeps one buffer of at most 64 KiB between calls for as long as the codec is reachable.
 */
public final class AvroEventCodec {

    /**
     * The schema this build reads and writes with (the current {@code DomainEvent.avsc} as the
     * generated Java classes carry it: with the Java-only property {@code avro.java.string} on every
     * string, so Avro hands Java {@code String}s). Its binary encoding is that of
     * {@link #CONTRACT_SCHEMA}; it is never registered.
     */
    public static final Schema SCHEMA = io.agentevents.avro.DomainEvent.getClassSchema();

    /**
     * The contract as every client registers it: the text of {@code DomainEvent.avsc} (bundled in
     * this jar as {@code io/agentevents/avro/DomainEvent.avsc}), parsed, without Java-only
     * properties. A registry stores and compares the parsed text, so a Python or Node client that
     * registers the plain {@code .avsc} gets the id of this schema; the serializer registers and
     * looks up this one, so the id on the wire is the same for every language. Same Avro parsing
     * canonical form (so the same fingerprint and the same bytes) as {@link #SCHEMA}.
     */
    public static final Schema CONTRACT_SCHEMA = contractSchema();

    /** The bundled contract file parsed (see {@link #CONTRACT_SCHEMA}). */
    private static Schema contractSchema() {
        String resource = "/io/agentevents/avro/DomainEvent.avsc";
        try (var in = AvroEventCodec.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the schemas jar");
            }
            return new Schema.Parser().parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the schemas jar", e);
        }
    }

    /** Readers are cached per writer schema; the registry hands out few distinct ones. */
    private static final int MAX_CACHED_READERS = 1_000;

    /** The generic writer, for {@link #resolvingOnly()} codecs only. */
    private final DatumWriter<io.agentevents.avro.DomainEvent> writer;
    private final DirectEventWriter directWriter = new DirectEventWriter(SCHEMA);
    private final DirectEventReader directReader = new DirectEventReader(SCHEMA);
    private final ThreadLocal<AvroBuffer> buffers = ThreadLocal.withInitial(AvroBuffer::new);
    private final WriterSchemas writerSchemas = new WriterSchemas(SCHEMA, MAX_CACHED_READERS);
    private final boolean direct;

    /** A codec that encodes and decodes directly where it can (see above). */
    public AvroEventCodec() {
        this(true);
    }

    private AvroEventCodec(boolean direct) {
        this.direct = direct;
        this.writer = direct ? null : new SpecificDatumWriter<>(io.agentevents.avro.DomainEvent.class);
    }

    /**
     * A codec that always goes through Avro's generic machinery: the generated record with
     * {@code SpecificDatumWriter} to encode, schema resolution to decode, whatever the writer
     * schema. Same bytes and same events as {@link #AvroEventCodec()}, only slower; for comparisons
     * (tests, benchmarks).
     */
    public static AvroEventCodec resolvingOnly() {
        return new AvroEventCodec(false);
    }

    /** Avro binary of the event, under {@link #SCHEMA}. */
    public byte[] encode(DomainEvent event) {
        return encode(null, event);
    }

    /**
     * {@code prefix} followed by the Avro binary of the event under {@link #SCHEMA}, in one new
     * array (e.g. a wire-format header; null for none).
     */
    public byte[] encode(byte[] prefix, DomainEvent event) {
        if (!direct) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1_024);
            if (prefix != null) {
                out.writeBytes(prefix);
            }
            encode(event, out);
            return out.toByteArray();
        }
        AvroBuffer buffer = buffers.get();
        buffer.reset();
        if (prefix != null) {
            buffer.writeBytes(prefix);
        }
        directWriter.write(event, buffer);
        return buffer.toByteArray();
    }

    /** Writes the Avro binary of the event, under {@link #SCHEMA}, to {@code out}. */
    public void encode(DomainEvent event, OutputStream out) {
        try {
            if (direct) {
                AvroBuffer buffer = buffers.get();
                buffer.reset();
                directWriter.write(event, buffer);
                buffer.writeTo(out);
                return;
            }
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
        WriterSchemas.Plan plan = writerSchemas.plan(writerSchema, OrderKeepingReader::new);
        if (direct && plan.direct()) {
            BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(data, offset, length);
            try {
                return directReader.read(decoder);
            } catch (IOException | RuntimeException e) {
                // not an event the direct read takes (corrupt, truncated, a broken contract, a key
                // given twice, anything else): the resolving read below decides, and names the problem
            }
        }
        return resolve(plan.reader(), data, offset, length);
    }

    private static DomainEvent resolve(DatumReader<io.agentevents.avro.DomainEvent> reader, byte[] data, int offset,
                                       int length) {
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

    /** Decodes Avro maps in wire order, so details keep the order they were written in. */
    static final class OrderKeepingReader extends SpecificDatumReader<io.agentevents.avro.DomainEvent> {
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
