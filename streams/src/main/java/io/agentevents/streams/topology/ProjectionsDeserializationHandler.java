package io.agentevents.streams.topology;

import io.agentevents.schemas.registry.SchemaRegistryException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the projections do with a record they cannot deserialize (bad magic byte, unknown schema id,
 * truncated or corrupt Avro): log it once with its topic, partition and offset, count it in the
 * {@link ProjectionErrorCounter}, optionally dead-letter it, and <b>continue</b> with the next record.
 * Set it as {@code deserialization.exception.handler}.
 *
 * <p><b>Dead letters</b> use Kafka Streams' own mechanism (KIP-1034): when
 * {@value StreamsConfig#ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG} is set (the platform uses
 * {@link ProjectionStores#DEAD_LETTER_TOPIC}), the handler returns the raw record for that topic in
 * its response and Kafka Streams produces it, inside the task's transaction under
 * {@code exactly_once_v2}. The dead letter keeps the original key, value, timestamp and headers and
 * adds the headers Kafka Streams' built-in handlers add: {@value #HEADER_EXCEPTION},
 * {@value #HEADER_MESSAGE}, {@value #HEADER_STACKTRACE}, {@value #HEADER_TOPIC},
 * {@value #HEADER_PARTITION} and {@value #HEADER_OFFSET}.
 *
 * <p><b>A passing failure is not skipped</b>: when the schema registry cannot be reached (a retriable
 * {@link SchemaRegistryException} among the causes) the record is fine and skipping it would lose it,
 * so the handler answers FAIL; the stream thread stops and, once replaced, reads the record again from
 * the last committed offset.
 *
 * <p>The {@link ProjectionErrorCounter} comes from the configuration key
 * {@value ProjectionErrorCounter#CONFIG}. Thread-safe.
 */
public final class ProjectionsDeserializationHandler implements DeserializationExceptionHandler {

    /** Header naming the exception's class (as in Kafka Streams' built-in handlers). */
    public static final String HEADER_EXCEPTION = "__streams.errors.exception";
    /** Header holding the exception's message. */
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    /** Header holding the exception's stack trace. */
    public static final String HEADER_STACKTRACE = "__streams.errors.stacktrace";
    /** Header naming the source topic. */
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    /** Header holding the source partition, as text. */
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    /** Header holding the source offset, as text. */
    public static final String HEADER_OFFSET = "__streams.errors.offset";

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionsDeserializationHandler.class);

    private volatile ProjectionErrorCounter counter = new ProjectionErrorCounter();
    private volatile String deadLetterTopic;

    /** Takes the error counter and the dead-letter topic from the Streams configuration. */
    @Override
    public void configure(Map<String, ?> configs) {
        counter = ProjectionErrorCounter.fromConfigs(configs);
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null || String.valueOf(topic).isBlank() ? null : String.valueOf(topic);
    }

    /** Skips (and maybe dead-letters) the record, or fails the task when the failure is a passing one. */
    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        ProjectionErrorCounter count = counter;
        if (isRetriable(exception)) {
            count.retriableFailure();
            LOG.error("cannot read record {}-{}@{} now (task {}): {}; failing the task so it is read again, not skipped",
                    record.topic(), record.partition(), record.offset(), context.taskId(), exception.getMessage());
            return Response.fail();
        }
        count.undecodableRecord(record.topic());
        String target = deadLetterTopic;
        LOG.warn("skipping undecodable record {}-{}@{} (task {}, {} bytes){}: {}", record.topic(), record.partition(),
                record.offset(), context.taskId(), record.value() == null ? 0 : record.value().length,
                target == null ? "" : ", dead-lettered to " + target, exception.getMessage());
        if (target == null) {
            return Response.resume();
        }
        count.deadLetter();
        return Response.resume(List.of(deadLetter(target, record, exception)));
    }

    /** The dead letter of {@code record}: its key, value, timestamp and headers, plus the error headers. */
    static ProducerRecord<byte[], byte[]> deadLetter(String topic, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        StringWriter trace = new StringWriter();
        try (PrintWriter writer = new PrintWriter(trace)) {
            exception.printStackTrace(writer);
        }
        headers.add(HEADER_EXCEPTION, utf8(exception.getClass().getName()));
        headers.add(HEADER_MESSAGE, utf8(exception.getMessage()));
        headers.add(HEADER_STACKTRACE, utf8(trace.toString()));
        headers.add(HEADER_TOPIC, utf8(record.topic()));
        headers.add(HEADER_PARTITION, utf8(String.valueOf(record.partition())));
        headers.add(HEADER_OFFSET, utf8(String.valueOf(record.offset())));
        Long timestamp = record.timestamp() >= 0 ? record.timestamp() : null;
        return new ProducerRecord<>(topic, null, timestamp, record.key(), record.value(), headers);
    }

    private static boolean isRetriable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SchemaRegistryException registry && registry.retriable()) {
                return true;
            }
        }
        return false;
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
