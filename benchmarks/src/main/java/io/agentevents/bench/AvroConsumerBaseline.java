package io.agentevents.bench;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.connection.ClusterConnection;

import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Worker mode {@code subscribe-avro}: the subscriber a user writes without our SDK, as the second
 * baseline of the subscriber measurement. A plain {@code KafkaConsumer<byte[], byte[]>} with our
 * subscriber's consumer settings ({@code isolation.level=read_committed}, {@code max.poll.records=500},
 * no auto commit, a new group, from the earliest offset) reads the pre-filled {@code <prefix>.tool};
 * every record's value is decoded as the Confluent wire format says: byte 0 must be 0, bytes 1..4
 * are the schema id, whose writer schema is fetched once from the registry ({@code GET
 * /schemas/ids/{id}}, cached per id), then Avro's {@code GenericDatumReader} reads the rest into a
 * new {@code GenericRecord} (the binary decoder is reused, as Avro recommends). Offsets are
 * committed asynchronously after each poll's records were decoded (at-least-once, as ours).
 *
 * <p>Timed as ours is: from the first record returned by {@code poll} (after the group join) to the
 * last one decoded; the whole-run rate from the consumer's creation.
 */
record AvroConsumerBaseline(ClusterConnection connection, String topicPrefix, long events) {
    static final String MODE = "subscribe-avro";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    Map<String, Object> run() throws IOException {
        Map<String, Object> props = new HashMap<>(connection.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topicPrefix + "-avro-" + DomainEvent.newId().toLowerCase(Locale.ROOT));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-avro-baseline");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        long started = System.nanoTime();
        long first = 0;
        long decoded = 0;
        long typed = 0;
        BinaryDecoder decoder = null;
        // the reader of each writer schema, fetched from the registry on first sight of its id
        Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
        try (HttpSchemaRegistryClient schemas = new HttpSchemaRegistryClient(connection.registry());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Domain.TOOL.topic(topicPrefix)));
            long deadline = started + PATIENCE.toNanos();
            while (decoded < events) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("decoded " + decoded + " of " + events + " records in "
                            + PATIENCE.toSeconds() + " s");
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty() && first == 0) {
                    first = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    byte[] value = record.value();
                    if (value == null || value.length < 5 || value[0] != 0) {
                        throw new IllegalStateException("not the Confluent wire format at " + record.topic() + "-"
                                + record.partition() + "@" + record.offset());
                    }
                    int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
                    decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, decoder);
                    GenericRecord event = readers.computeIfAbsent(schemaId,
                            id -> new GenericDatumReader<>(schemas.schemaById(id))).read(null, decoder);
                    if (event.get("event_type") != null) {
                        typed++;
                    }
                    decoded++;
                }
                if (!records.isEmpty()) {
                    consumer.commitAsync();
                }
            }
        }
        long finished = System.nanoTime();
        return JsonFields.ordered("records", decoded, "typed", typed, "schemas_fetched", readers.size(),
                "seconds", (finished - first) / 1e9, "records_per_s", decoded / ((finished - first) / 1e9),
                "seconds_with_start", (finished - started) / 1e9,
                "records_per_s_with_start", decoded / ((finished - started) / 1e9));
    }
}
