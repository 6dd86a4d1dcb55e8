package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.DeadLetterHeaders;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Re-publishes dead letters to their source topic and partition with an idempotent {@code acks=all}
 * producer, in the order given. Not thread-safe: {@link DeadLetters} serializes replays.
 */
final class DeadLetterReplayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplayer.class);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);

    private final DeadLetterConfig config;
    private final String clientId;
    private KafkaProducer<byte[], byte[]> producer;

    DeadLetterReplayer(DeadLetterConfig config, String clientId) {
        this.config = config;
        this.clientId = clientId;
    }

    /** Sends the letters in list order; each must be {@link DeadLetter#replayable()}. */
    ReplayResult replay(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return ReplayResult.empty();
        }
        KafkaProducer<byte[], byte[]> sender = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(letters.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (DeadLetter letter : letters) {
            if (failure.get() != null) {
                break;
            }
            try {
                sent.add(sender.send(copy(letter), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                }));
            } catch (KafkaException e) {
                failure.compareAndSet(null, e);
            }
        }
        sender.flush();
        List<ReplayResult.Replayed> replayed = new ArrayList<>(sent.size());
        Exception firstError = null;
        DeadLetter firstFailed = null;
        for (int i = 0; i < sent.size(); i++) {
            DeadLetter letter = letters.get(i);
            try {
                RecordMetadata landed = sent.get(i).get(config.replayTimeout().toMillis(), TimeUnit.MILLISECONDS);
                replayed.add(new ReplayResult.Replayed(letter.position(), letter.source().orElseThrow(),
                        new RecordPosition(landed.topic(), landed.partition(), landed.offset()), letter.eventId()));
            } catch (ExecutionException | TimeoutException e) {
                if (firstError == null) {
                    firstError = e instanceof ExecutionException ? (Exception) e.getCause() : e;
                    firstFailed = letter;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplayException("interrupted while replaying dead letters", true, e, new ReplayResult(replayed));
            }
        }
        if (firstError == null && failure.get() != null) {
            firstError = failure.get();
            firstFailed = letters.get(sent.size() < letters.size() ? sent.size() : letters.size() - 1);
        }
        ReplayResult result = new ReplayResult(replayed);
        if (firstError != null) {
            throw new ReplayException("replay stopped at the dead letter " + firstFailed.position() + " (to "
                    + firstFailed.source().orElseThrow() + "): " + firstError.getMessage() + "; " + result.count() + " of "
                    + letters.size() + " re-published", firstError instanceof RetriableException
                    || firstError instanceof TimeoutException, firstError, result);
        }
        LOG.info("replayed {} dead letter(s)", result.count());
        return result;
    }

    private static ProducerRecord<byte[], byte[]> copy(DeadLetter letter) {
        RecordPosition source = letter.source().orElseThrow();
        byte[] value = letter.value();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(source.topic(), source.partition(),
                letter.key().map(key -> key.getBytes(StandardCharsets.UTF_8)).orElse(null),
                value.length == 0 ? null : value);
        for (DeadLetter.Header header : letter.originalHeaders()) {
            record.headers().add(header.key(), header.value());
        }
        record.headers().add(DeadLetterHeaders.REPLAYED, TRUE);
        return record;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(config.producerProperties(clientId));
        }
        return producer;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
