package io.agentevents.consumer.internal;

import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.schemas.Domain;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends records to their dead-letter topic ({@code <topic>.dlq}) with the original key, value and
 * headers plus the {@link DeadLetterHeaders}, and waits for the acknowledgement. Its producer is
 * made with the first dead letter: a subscriber that never dead-letters anything runs no producer
 * (no thread, no connection, no memory for it). Thread-safe.
 */
public final class DeadLetterWriter implements AutoCloseable {
    private static final int MAX_MESSAGE_CHARS = 1_000;

    private final Map<String, Object> producerProperties;
    private final String group;
    private KafkaProducer<byte[], byte[]> producer;
    private boolean closed;

    /**
     * A writer whose producer will have these properties.
     *
     * @throws org.apache.kafka.common.config.ConfigException if they are not valid producer settings
     */
    public DeadLetterWriter(Map<String, Object> producerProperties, String group) {
        ProducerConfig.configDef().parse(producerProperties); // refuse bad settings now, not at the first dead letter
        this.producerProperties = Map.copyOf(producerProperties);
        this.group = group;
    }

    /** The dead-letter topic of a record's topic. */
    public static String deadLetterTopic(String topic) {
        return topic + Domain.DEAD_LETTER_SUFFIX;
    }

    /**
     * Writes the record to its dead-letter topic and waits for Kafka to acknowledge it.
     *
     * @throws IllegalStateException when Kafka does not take it within 30 s (the record must then
     *                               not be committed)
     */
    public void write(ConsumerRecord<String, byte[]> record, String reason, Throwable error, int attempts)
            throws InterruptedException {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(deadLetterTopic(record.topic()), null,
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value());
        for (Header header : record.headers()) {
            letter.headers().add(header);
        }
        add(letter, DeadLetterHeaders.REASON, reason);
        add(letter, DeadLetterHeaders.ERROR_CLASS, error == null ? "" : error.getClass().getName());
        add(letter, DeadLetterHeaders.ERROR_MESSAGE, error == null ? "" : truncate(String.valueOf(error.getMessage())));
        add(letter, DeadLetterHeaders.SOURCE_TOPIC, record.topic());
        add(letter, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(record.partition()));
        add(letter, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(record.offset()));
        add(letter, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
        add(letter, DeadLetterHeaders.TIME, Instant.now().toString());
        add(letter, DeadLetterHeaders.GROUP, group);
        try {
            producer().send(letter).get(35, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot write dead letter for " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + " to " + deadLetterTopic(record.topic()) + ": " + cause, cause);
        }
    }

    private static void add(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (closed) {
            throw new IllegalStateException("cannot write dead letters for group " + group + ": the writer is closed");
        }
        if (producer == null) {
            producer = new KafkaProducer<>(producerProperties);
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close();
        }
    }
}
