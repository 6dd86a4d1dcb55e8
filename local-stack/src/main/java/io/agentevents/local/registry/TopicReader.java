package io.agentevents.local.registry;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that reads the registry topic: it owns a {@link KafkaConsumer}
 * ({@code read_committed}, partition 0 assigned, from the beginning) and folds every committed
 * record into the {@link RegistryState}, then publishes how far it got. It keeps retrying while
 * Kafka is away, so the state stays readable; a record not in Confluent's format is logged and
 * skipped.
 *
 * <p>{@link #start()} once; {@link #close()} from any thread, idempotent.
 */
final class TopicReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * Poll step while a request waits to catch up: a poll returns early only for data records, and
     * the position moves past a transaction marker without any, so long polls would delay waiters.
     */
    private static final Duration SHORT_POLL = Duration.ofMillis(5);
    private static final Duration POSITION_TIMEOUT = Duration.ofMillis(200);
    private static final Duration ERROR_BACKOFF = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final RegistryState state;
    private final TopicRecordCodec codec;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private String lastLoggedError;

    TopicReader(SchemaTopic topic, RegistryState state, TopicRecordCodec codec, String name) {
        this.consumer = new KafkaConsumer<>(topic.consumerProperties(name));
        this.partition = topic.partition();
        this.state = state;
        this.codec = codec;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void close() {
        if (stop.getCount() == 0) {
            return;
        }
        stop.countDown();
        consumer.wakeup();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_TIMEOUT.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean running() {
        return stop.getCount() > 0;
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (running()) {
                pollOnce();
            }
        } catch (WakeupException e) {
            LOG.trace("topic reader woken up while starting or closing");
        } catch (RuntimeException e) {
            // not a Kafka hiccup (those are retried in pollOnce): the reader cannot go on
            LOG.error("schema registry topic reader {} stopped", thread.getName(), e);
            state.readerFailed(e);
        } finally {
            try {
                consumer.close(CLOSE_TIMEOUT);
            } catch (KafkaException e) {
                LOG.debug("closing the topic reader's consumer failed: {}", e.getMessage());
            }
        }
    }

    private void pollOnce() {
        try {
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(state.hasWaiters() ? SHORT_POLL : POLL);
            } catch (WakeupException e) {
                if (!running()) {
                    return;
                }
                records = ConsumerRecords.empty(); // woken by expedite(): publish the position now
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                apply(record);
            }
            state.advanceTo(consumer.position(partition, POSITION_TIMEOUT));
            lastLoggedError = null;
        } catch (WakeupException e) {
            // woken between poll and position, by expedite() or close(): the loop decides
            LOG.trace("topic reader woken up");
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // no position yet (Kafka away): keep polling, the state stays readable meanwhile
            LOG.debug("topic reader has no position yet: {}", e.getMessage());
        } catch (KafkaException e) {
            logOnce(e);
            backOff();
        }
    }

    /** Cuts a long poll short, because a request is now waiting for the reader to catch up. */
    void expedite() {
        consumer.wakeup();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            state.apply(codec.decode(record.key(), record.value()));
        } catch (TopicRecordCodec.MalformedRecordException e) {
            LOG.warn("skipping record at {}-{} offset {}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private void logOnce(KafkaException e) {
        String description = e.getClass().getName() + ": " + e.getMessage();
        if (!Objects.equals(description, lastLoggedError)) {
            LOG.warn("schema registry topic reader: {} (retrying until it clears)", description);
            lastLoggedError = description;
        }
    }

    private void backOff() {
        try {
            stop.await(ERROR_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }
}
