package io.agentevents.local.registry;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes to the registry topic, one write at a time across every instance on the topic.
 *
 * <p>All instances share one transactional id, so Kafka lets only the most recently initialised
 * producer commit: an instance that starts writing fences the others. Each write runs on this
 * instance's single writer thread (which alone owns the producer): (re)initialise the producer if
 * it was fenced, catch up with the log, compute the records from the now-current state, commit
 * them in one transaction, and wait until the reader thread has applied them, so the caller's next
 * read sees its write. A fenced commit is retried from the start a few times. The caller waits at
 * most until its deadline and gets 50002 after it, even if the writer thread is still blocked in Kafka.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class TopicWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicWriter.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final int MAX_QUEUED_WRITES = 64;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** One record to write; a null value is a tombstone. */
    record Write(byte[] key, byte[] value) {
    }

    /**
     * The records an operation needs (none when nothing changes), what it answers once they are
     * applied, and how to tell from the state that they were: used when a commit's outcome is
     * unknown (the broker failed while committing), to answer rather than write twice.
     */
    record Plan<T>(List<Write> writes, T result, BooleanSupplier applied) {
        Plan {
            writes = List.copyOf(writes);
        }

        static <T> Plan<T> nothingToWrite(T result) {
            return new Plan<>(List.of(), result, () -> true);
        }
    }

    /** Computes a {@link Plan} from the caught-up state; may refuse with a {@link RegistryException}. */
    @FunctionalInterface
    interface Operation<T> {
        Plan<T> plan();
    }

    private final SchemaTopic topic;
    private final RegistryState state;
    private final TopicSync sync;
    private final ThreadPoolExecutor executor;
    private final String name;
    private volatile Producer<byte[], byte[]> producer; // used by the writer thread only; volatile for close()
    /** Set by {@link #close()} and {@link #abandon()}: no new producer may be made after it (one would fence the others). */
    private volatile boolean stopping;

    TopicWriter(SchemaTopic topic, RegistryState state, TopicSync sync, String name) {
        this.topic = topic;
        this.state = state;
        this.sync = sync;
        this.name = name;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_WRITES), runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Runs a write and returns its result once applied.
     *
     * @param what          names the operation in error messages ("Register operation")
     * @param deadlineNanos {@link System#nanoTime()} deadline for the whole write
     * @throws RegistryException the operation's own refusal, or 50001/50002 naming the bootstrap servers
     */
    <T> T write(String what, Operation<T> operation, long deadlineNanos) {
        Future<T> future;
        try {
            future = executor.submit(() -> execute(what, operation, deadlineNanos));
        } catch (RejectedExecutionException e) {
            throw RegistryException.storeError(what + " refused: " + (executor.isShutdown()
                    ? "the registry is closing" : MAX_QUEUED_WRITES + " writes are already waiting"), e);
        }
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw RegistryException.timeout(what + " timed out: Kafka at " + topic.bootstrapServers()
                    + " did not complete the write within the Kafka timeout", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RegistryException refusal) {
                throw refusal;
            }
            throw RegistryException.storeError(what + " failed: " + e.getCause(), e.getCause());
        } catch (CancellationException e) {
            throw RegistryException.storeError(what + " abandoned: the registry is closing", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError(what + " was interrupted", e);
        }
    }

    private <T> T execute(String what, Operation<T> operation, long deadlineNanos) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (System.nanoTime() >= deadlineNanos) {
                throw RegistryException.timeout(what + " timed out before it could start", null);
            }
            ensureProducer(what);
            sync.catchUp(deadlineNanos, what);
            Plan<T> plan = state.locked(operation::plan);
            if (plan.writes().isEmpty()) {
                return plan.result();
            }
            long lastOffset;
            try {
                lastOffset = commit(plan.writes());
            } catch (KafkaException e) {
                closeProducer();
                if (!isRetriable(e)) {
                    throw failure(what, e);
                }
                if (isFencing(e)) {
                    LOG.info("{}: another registry instance took over writing to {}; retrying (attempt {})",
                            name, topic.partition().topic(), attempt);
                } else {
                    // the commit may or may not have happened: a new producer's init settles it either way
                    LOG.info("{}: commit to {} ended with '{}'; checking whether it happened (attempt {})",
                            name, topic.partition().topic(), e.getMessage(), attempt);
                    ensureProducer(what);
                    sync.catchUp(deadlineNanos, what);
                    if (state.locked(plan.applied()::getAsBoolean)) {
                        return plan.result();
                    }
                }
                // a short random pause lets another instance finish instead of fencing it back at once
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(
                        ThreadLocalRandom.current().nextLong(10, 50) * attempt));
                continue;
            }
            sync.awaitApplied(lastOffset + 1, deadlineNanos, what);
            return plan.result();
        }
        throw RegistryException.storeError(what + " failed: the commit to " + topic.partition().topic()
                + " on Kafka at " + topic.bootstrapServers() + " did not succeed in " + MAX_ATTEMPTS
                + " attempts (other registry instances kept taking over writing, or the broker kept failing)", null);
    }

    private void ensureProducer(String what) {
        if (producer != null) {
            return;
        }
        if (stopping) {
            // a write abandoned by close (or a crash) must not come back with a new producer: its
            // initTransactions would fence the instance that took over writing
            throw RegistryException.storeError(what + " abandoned: the registry is closing", null);
        }
        Producer<byte[], byte[]> created = null;
        try {
            created = new KafkaProducer<>(topic.producerProperties(name));
            created.initTransactions();
            producer = created;
        } catch (KafkaException e) {
            if (created != null) {
                created.close(Duration.ZERO);
            }
            throw failure(what, e);
        }
    }

    private long commit(List<Write> writes) {
        producer.beginTransaction();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Write write : writes) {
            sent.add(producer.send(new ProducerRecord<>(topic.partition().topic(), topic.partition().partition(),
                    write.key(), write.value())));
        }
        producer.commitTransaction();
        try {
            return sent.get(sent.size() - 1).get().offset();
        } catch (ExecutionException e) {
            // cannot happen after a successful commit; report it as the store error it would be
            throw new KafkaException("a committed record has no offset: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted reading the offset of a committed record", e);
        }
    }

    private RegistryException failure(String what, KafkaException e) {
        Throwable tooLarge = causeOfType(e, RecordTooLargeException.class);
        if (tooLarge != null) {
            return RegistryException.schemaTooLarge(what + " refused: the record is larger than Kafka accepts ("
                    + tooLarge.getMessage() + ")");
        }
        if (causeOfType(e, org.apache.kafka.common.errors.TimeoutException.class) != null) {
            return RegistryException.timeout(what + " timed out: Kafka at " + topic.bootstrapServers()
                    + " did not answer in time (" + e.getMessage() + ")", e);
        }
        return RegistryException.storeError(what + " failed writing to topic " + topic.partition().topic()
                + " on Kafka at " + topic.bootstrapServers() + ": " + e.getMessage(), e);
    }

    /**
     * Whether a failed commit is worth another attempt: not when the record is too large, when
     * Kafka did not answer in time (the deadline is spent) or when the broker refused for good
     * (authorisation, configuration).
     */
    private static boolean isRetriable(KafkaException e) {
        return causeOfType(e, RecordTooLargeException.class) == null
                && causeOfType(e, org.apache.kafka.common.errors.TimeoutException.class) == null
                && causeOfType(e, org.apache.kafka.common.errors.AuthorizationException.class) == null
                && causeOfType(e, org.apache.kafka.common.errors.AuthenticationException.class) == null
                && causeOfType(e, org.apache.kafka.common.errors.InvalidConfigurationException.class) == null
                && causeOfType(e, org.apache.kafka.common.errors.UnsupportedVersionException.class) == null;
    }

    private static boolean isFencing(KafkaException e) {
        return causeOfType(e, ApplicationRecoverableException.class) != null
                || causeOfType(e, TransactionAbortableException.class) != null;
    }

    private static Throwable causeOfType(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (KafkaException e) {
                LOG.debug("{}: closing a failed producer: {}", name, e.getMessage());
            }
            producer = null;
        }
    }

    /**
     * Stops at once, as a crash would: the running write is interrupted and its producer closed
     * without waiting, so a transaction in progress is left open (the next writer's initialisation
     * aborts it); queued writes are cancelled. Idempotent; {@link #close()} after it does nothing.
     */
    void abandon() {
        stopping = true;
        executor.shutdownNow().forEach(task -> ((Future<?>) task).cancel(false));
        Producer<byte[], byte[]> last = producer;
        producer = null;
        if (last != null) {
            try {
                last.close(Duration.ZERO);
            } catch (KafkaException e) {
                LOG.debug("{}: closing the abandoned producer: {}", name, e.getMessage());
            }
        }
    }

    /** Stops accepting writes, lets the current one finish (bounded), and closes the producer. */
    @Override
    public void close() {
        stopping = true;
        if (executor.isShutdown()) {
            return;
        }
        executor.shutdown();
        executor.getQueue().forEach(task -> ((Future<?>) task).cancel(false));
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: a write was still running after {} s; abandoning it", name, CLOSE_TIMEOUT.toSeconds());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        // the writer thread has ended (or been abandoned): the producer is no longer in use by it
        Producer<byte[], byte[]> last = producer;
        producer = null;
        if (last != null) {
            try {
                last.close(CLOSE_TIMEOUT);
            } catch (KafkaException e) {
                LOG.debug("{}: closing the producer: {}", name, e.getMessage());
            }
        }
    }
}
